export * from './fail-job.js';
export * from './message-handler.js';
export * from './queue-worker.js';
export * from './retry-delay.js';
export * from './with-work-dir.js';
export * from './subject-of-s3-event.js';
export * from './dead-letters-of.js';
