/** The AWS CDK app of stereo-spot: `buildApp` and its stacks (see docs/DEPLOY.md). */
export * from './build-app.js';
export * from './data-plane-stack.js';
export * from './deployment-settings.js';
export * from './grant-workload-access.js';
export * from './queue-timeouts.js';
export * from './workloads.js';
