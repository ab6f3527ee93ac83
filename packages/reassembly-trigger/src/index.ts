export * from './run-trigger-check.js';
