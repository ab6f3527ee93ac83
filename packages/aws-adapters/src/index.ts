/**
 * The ports of @stereo-spot/shared-types on DynamoDB, SQS and S3 (AWS SDK v3), configured from the environment
 * (`readAwsConfig`) and opened with `openAwsBackend`. `resource-definitions` holds the tables and queues as the
 * infrastructure creates them, for emulators and IaC alike.
 */
export * from './aws-backend.js';
export * from './aws-clients.js';
export * from './aws-config.js';
export * from './aws-errors.js';
export * from './aws-request-counter.js';
export * from './dynamo-job-store.js';
export * from './dynamo-reassembly-lock.js';
export * from './dynamo-segment-completion-store.js';
export * from './intermediate-object-tag.js';
export * from './resource-definitions.js';
export * from './s3-object-storage.js';
export * from './sqs-dead-letter-queue.js';
export * from './sqs-queue.js';
