export * from './frame.js';
export * from './depth-estimator.js';
export * from './stereo-params.js';
