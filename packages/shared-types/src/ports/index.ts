export * from './backend.js';
export * from './job-store.js';
export * from './object-storage.js';
export * from './queue.js';
export * from './reassembly-lock.js';
export * from './segment-completion-store.js';
