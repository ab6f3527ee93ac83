import { App, Validations, type AppProps, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataPlaneStack } from './data-plane-stack.js';
import { readDeploymentSettings } from './deployment-settings.js';
import { PlatformStack } from './platform-stack.js';

/**
 * The CDK app: the stacks in deployment order, with the AwsSolutions checks of cdk-nag as a policy-validation
 * plugin, so a finding without a written acknowledgement fails `cdk synth` (and the tests).
 */
export function buildApp({ appProps = {}, env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } }: { appProps?: AppProps; env?: Environment } = {}) {
  const app = new App(appProps);
  const settings = readDeploymentSettings(app.node);
  const dataPlane = new DataPlaneStack(app, 'StereoSpotDataPlane', { env, settings, description: 'stereo-spot: buckets, queues, tables and the reassembly-trigger Lambda' });
  const platform = new PlatformStack(app, 'StereoSpotPlatform', { env, settings, dataPlane, description: 'stereo-spot: VPC, EKS, ECR, Karpenter, KEDA, Argo CD' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, settings, dataPlane, platform };
}
