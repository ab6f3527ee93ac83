export * from './aws-emulators.js';
export * from './aws-pipeline.js';
export * from './aws-test-stack.js';
export * from './dynamodb-local.js';
export * from './fauxqs-server.js';
export * from './stream-lambda-runner.js';
export * from './fault-proxy.js';
export * from './aws-fault-target.js';
