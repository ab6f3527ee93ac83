import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataPlaneStack } from './data-plane-stack.js';
import { readDeploymentSettings } from './deployment-settings.js';

/**
 * The CDK app: the stacks in deployment order, with the AwsSolutions checks of cdk-nag as a policy-validation
 * plugin, so a finding without a written acknowledgement fails `cdk synth` (and the tests).
 */
export function buildApp({ appProps = {} }: { appProps?: AppProps } = {}) {
  const app = new App(appProps);
  const settings = readDeploymentSettings(app.node);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const dataPlane = new DataPlaneStack(app, 'StereoSpotDataPlane', { env, settings, description: 'stereo-spot: buckets, queues, tables and the reassembly-trigger Lambda' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, settings, dataPlane };
}
