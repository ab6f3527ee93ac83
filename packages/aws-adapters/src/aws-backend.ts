import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QUEUE_NAMES, UsageError } from '@stereo-spot/shared-types';
import type { Backend, QueueName } from '@stereo-spot/shared-types';
import { createAwsClients, type AwsClients } from './aws-clients.js';
import type { AwsConfig } from './aws-config.js';
import { callAws } from './aws-errors.js';
import type { AwsRequestCounter } from './aws-request-counter.js';
import { DynamoJobStore } from './dynamo-job-store.js';
import { DynamoReassemblyLock } from './dynamo-reassembly-lock.js';
import { DynamoSegmentCompletionStore } from './dynamo-segment-completion-store.js';
import { S3ObjectStorage } from './s3-object-storage.js';
import { SqsDeadLetterQueue } from './sqs-dead-letter-queue.js';
import { SqsQueue } from './sqs-queue.js';

export interface AwsBackend extends Backend {
  readonly kind: 'aws';
  readonly queues: Readonly<Record<QueueName, SqsQueue>>;
  readonly clients: AwsClients;
  readonly config: AwsConfig;
  /** Dead-letter queue of a queue (from its RedrivePolicy). */
  deadLetterQueue(name: QueueName): SqsDeadLetterQueue;
}

interface Redrive {
  maxReceiveCount: number;
  deadLetterQueueUrl: string;
}

/**
 * The queue's redrive policy: `maxReceiveCount` (the worker fails a job on the last allowed receive) and the
 * dead-letter queue's URL.
 */
async function redriveOf({ sqs, queueUrl }: { sqs: SQSClient; queueUrl: string }): Promise<Redrive | undefined> {
  const result = await callAws('read queue attributes', () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] })));
  const policy = result.Attributes?.RedrivePolicy;
  if (!policy) return undefined;
  const parsed = JSON.parse(policy) as { maxReceiveCount?: unknown; deadLetterTargetArn?: unknown };
  const count = Number(parsed.maxReceiveCount);
  const arn = String(parsed.deadLetterTargetArn ?? '');
  // arn:aws:sqs:region:account:name
  const [, , , , account, name] = arn.split(':');
  const url = await callAws('find dead-letter queue', () => sqs.send(new GetQueueUrlCommand({ QueueName: name ?? '', ...(account ? { QueueOwnerAWSAccountId: account } : {}) })));
  return { maxReceiveCount: Number.isSafeInteger(count) && count > 0 ? count : Number.POSITIVE_INFINITY, deadLetterQueueUrl: url.QueueUrl ?? '' };
}

/**
 * Every port on DynamoDB, SQS and S3. Opening reads each queue's redrive policy (two requests per queue), so a
 * missing queue or wrong endpoint fails at start rather than at the first message.
 */
export async function openAwsBackend({ config, requestCounter }: { config: AwsConfig; requestCounter?: AwsRequestCounter }): Promise<AwsBackend> {
  const clients = createAwsClients({ config, ...(requestCounter ? { requestCounter } : {}) });
  // Ends the long polls in progress when the backend closes.
  const closing = new AbortController();
  try {
    const queues = {} as Record<QueueName, SqsQueue>;
    const deadLetterQueues = {} as Record<QueueName, SqsDeadLetterQueue | undefined>;
    await Promise.all(
      QUEUE_NAMES.map(async (name) => {
        const queueUrl = config.queueUrls[name];
        const redrive = await redriveOf({ sqs: clients.sqs, queueUrl });
        const stageQueue = new SqsQueue({ sqs: clients.sqs, name, queueUrl, maxReceiveCount: redrive?.maxReceiveCount ?? Number.POSITIVE_INFINITY, closed: closing.signal });
        queues[name] = stageQueue;
        deadLetterQueues[name] = redrive ? new SqsDeadLetterQueue({ sqs: clients.sqs, queueUrl: redrive.deadLetterQueueUrl, stageQueue, closed: closing.signal }) : undefined;
      }),
    );
    return {
      kind: 'aws',
      clients,
      config,
      jobs: new DynamoJobStore({ documents: clients.documents, tableName: config.tables.jobs }),
      completions: new DynamoSegmentCompletionStore({ documents: clients.documents, tableName: config.tables.segmentCompletions }),
      lock: new DynamoReassemblyLock({ documents: clients.documents, tableName: config.tables.reassemblyTriggered }),
      queues,
      deadLetterQueue(name: QueueName): SqsDeadLetterQueue {
        const queue = deadLetterQueues[name];
        if (!queue) throw new UsageError(`queue "${name}" has no dead-letter queue (no RedrivePolicy)`);
        return queue;
      },
      storage: new S3ObjectStorage({ s3: clients.s3, buckets: config.buckets, presignedUpload: config.presignedUpload }),
      async close(): Promise<void> {
        closing.abort();
        clients.destroy();
      },
    };
  } catch (error) {
    clients.destroy();
    throw error;
  }
}
