export * from './create-onnx-estimator.js';
export * from './onnx-estimator-options.js';
export * from './resolve-model-path.js';
