/** The AWS CDK app of stereo-spot: `buildApp` and its stacks (see docs/DEPLOY.md). */
export * from './acknowledge-findings.js';
export * from './argo-cd-application.js';
export * from './build-app.js';
export * from './data-plane-resources.js';
export * from './data-plane-stack.js';
export * from './deployment-settings.js';
export * from './eks-module-findings.js';
export * from './grant-workload-access.js';
export * from './helm-charts.js';
export * from './karpenter.js';
export * from './karpenter-manifests.js';
export * from './platform-stack.js';
export * from './pod-identity-role.js';
export * from './queue-timeouts.js';
export * from './workloads.js';
