export * from './passthrough-model.js';
export * from './segment-model.js';
export * from './segment-models.js';
export * from './start-video-worker.js';
export * from './video-handler.js';
export * from './stereo-model.js';
