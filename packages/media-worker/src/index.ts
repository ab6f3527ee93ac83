export * from './chunking-handler.js';
export * from './reassembly-handler.js';
export * from './start-media-worker.js';
