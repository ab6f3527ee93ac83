import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { openAwsBackend, readAwsConfig, type AwsBackend } from '@stereo-spot/aws-adapters';
import { createLogger } from '@stereo-spot/shared-types';
import { createStreamHandler } from './stream-handler.js';

/**
 * The deployed Lambda (bundled to dist/deploy.zip, handler `index.handler`). The composition root for the trigger:
 * the AWS backend is opened from the environment once per container and reused across invocations.
 */
const logger = createLogger({ name: 'reassembly-trigger' });
let handlerPromise: Promise<(event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>> | undefined;

async function makeHandler() {
  const backend: AwsBackend = await openAwsBackend({ config: readAwsConfig(process.env) });
  return createStreamHandler({ backend, logger });
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  handlerPromise ??= makeHandler().catch((error: unknown) => {
    handlerPromise = undefined;
    throw error;
  });
  const { batchItemFailures } = await (await handlerPromise)(event);
  return { batchItemFailures };
}
