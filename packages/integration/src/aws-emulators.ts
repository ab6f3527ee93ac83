import { startDynamoDbLocal } from './dynamodb-local.js';
import { startSqsS3Emulator, type ObjectUploaded } from './fauxqs-server.js';

export interface AwsEmulators {
  dynamoEndpoint: string;
  sqsS3Endpoint: string;
  onObjectUploaded(listener: (event: ObjectUploaded) => void): () => void;
  stop(): Promise<void>;
}

/** DynamoDB Local (a Java child process) and fauxqs (in this process), both on loopback ports of their own. */
export async function startAwsEmulators(): Promise<AwsEmulators> {
  const [dynamo, sqsS3] = await Promise.all([startDynamoDbLocal(), startSqsS3Emulator()]);
  return {
    dynamoEndpoint: dynamo.endpoint,
    sqsS3Endpoint: sqsS3.endpoint,
    onObjectUploaded: (listener) => sqsS3.onObjectUploaded(listener),
    async stop() {
      await Promise.all([dynamo.stop(), sqsS3.stop()]);
    },
  };
}
