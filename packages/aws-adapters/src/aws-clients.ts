import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsConfig, AwsService } from './aws-config.js';
import type { AwsRequestCounter } from './aws-request-counter.js';

export interface AwsClients {
  dynamo: DynamoDBClient;
  /** Plain JavaScript values in and out (marshalled by the SDK); `undefined` attributes are left out. */
  documents: DynamoDBDocumentClient;
  sqs: SQSClient;
  s3: S3Client;
  destroy(): void;
}

interface CountableClient {
  middlewareStack: { add(middleware: unknown, options: { step: 'finalizeRequest'; name: string; priority: 'low' }): void };
}

function countRequests(client: CountableClient, service: string, counter: AwsRequestCounter): void {
  const middleware = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
    counter.record({ service, operation: (context.commandName ?? 'unknown').replace(/Command$/, '') });
    return next(args);
  };
  // Low priority in finalizeRequest: below the retry middleware, so every attempt is counted.
  client.middlewareStack.add(middleware, { step: 'finalizeRequest', name: 'stereoSpotRequestCounter', priority: 'low' });
}

/** One client per service, pointed at `config.endpoint` (an emulator) when set. */
export function createAwsClients({ config, requestCounter }: { config: AwsConfig; requestCounter?: AwsRequestCounter }): AwsClients {
  const settings = (service: AwsService) => {
    const endpoint = config.endpoints[service];
    if (!endpoint) return { region: config.region };
    // Emulators accept any key; the SDK still wants one to sign with.
    const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local' };
    return { region: config.region, endpoint, credentials };
  };
  const dynamo = new DynamoDBClient(settings('dynamodb'));
  const sqs = new SQSClient(settings('sqs'));
  // Path-style addressing on an emulator: bucket names as subdomains of 127.0.0.1 do not resolve.
  const s3 = new S3Client({ ...settings('s3'), forcePathStyle: config.endpoints.s3 !== undefined });
  if (requestCounter) {
    countRequests(dynamo as unknown as CountableClient, 'DynamoDB', requestCounter);
    countRequests(sqs as unknown as CountableClient, 'SQS', requestCounter);
    countRequests(s3 as unknown as CountableClient, 'S3', requestCounter);
  }
  const documents = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  return {
    dynamo,
    documents,
    sqs,
    s3,
    destroy() {
      documents.destroy();
      dynamo.destroy();
      sqs.destroy();
      s3.destroy();
    },
  };
}
