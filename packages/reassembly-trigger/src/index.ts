export * from './run-trigger-check.js';
export * from './stream-handler.js';
