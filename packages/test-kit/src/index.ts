export * from './assert-media.js';
export * from './corrupt-inputs.js';
export * from './generate-clip.js';
export * from './inspect-media.js';
export * from './temp-backend.js';
export * from './port-contract/index.js';
export * from './fault-run/index.js';
export * from './runbook-walkthrough.js';
