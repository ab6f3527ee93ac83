/** The Kubernetes manifests of stereo-spot (cdk8s), synthesized into deploy/ for Argo CD. */
export * from './pod-template.js';
export * from './queue-consumers.js';
export * from './stereo-spot-charts.js';
export * from './synth-manifests.js';
export * from './alert-rules.js';
export * from './monitoring-manifests.js';
