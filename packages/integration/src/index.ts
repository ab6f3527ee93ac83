export * from './aws-emulators.js';
export * from './aws-test-stack.js';
export * from './dynamodb-local.js';
export * from './fauxqs-server.js';
