export * from './chunking-handler.js';
export * from './reassembly-handler.js';
export * from './start-media-worker.js';
// An operator's recover-chunking learns the source facts the dead chunking worker never stored.
export { probeSource } from './media/probe-source.js';
export { cutPreview } from './media/cut-preview.js';
