import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queueAttributes, REASSEMBLY_TTL_ATTRIBUTE, tableDefinition, TABLE_ENV, type AwsConfig, type TableName } from '@stereo-spot/aws-adapters';
import { BUCKETS, buildS3Event, NOTIFICATION_RULES, QUEUE_NAMES, type Bucket, type QueueName } from '@stereo-spot/shared-types';
import type { AwsEmulators } from './aws-emulators.js';

export interface AwsTestStack {
  config: AwsConfig;
  /** Dead-letter queue URLs, by the queue they belong to. */
  deadLetterQueueUrls: Readonly<Record<QueueName, string>>;
  /** The SegmentCompletions stream the trigger Lambda reads. */
  segmentCompletionsTable: string;
  /** Every S3 event forwarded to a queue so far (what S3 notifications would have sent). */
  forwardedEvents: Array<{ queue: QueueName; bucket: Bucket; key: string }>;
  /** Every object created in the stack's buckets, in order (to count how often a key was written). */
  uploads: Array<{ bucket: Bucket; key: string }>;
  /** Stops forwarding and deletes the stack's tables and queues. */
  dispose(): Promise<void>;
}

const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const REGION = 'us-east-1';

/**
 * One isolated set of tables, queues (each with its dead-letter queue) and buckets on the emulators, named with a
 * unique prefix so suites and tests never see each other's data. Created from the same definitions as the
 * infrastructure (`tableDefinition`, `queueAttributes`) and wired like S3 notifications (`NOTIFICATION_RULES`).
 */
export async function createAwsTestStack({
  emulators,
  maxReceiveCount = 4,
  visibilityTimeoutSec = 30,
  duplicateEvents = false,
}: {
  emulators: AwsEmulators;
  maxReceiveCount?: number;
  visibilityTimeoutSec?: number;
  /** Send every S3 event twice, as S3's at-least-once delivery may. */
  duplicateEvents?: boolean;
}): Promise<AwsTestStack> {
  const prefix = `ss-${randomUUID().slice(0, 8)}`;
  const dynamo = new DynamoDBClient({ endpoint: emulators.dynamoEndpoint, region: REGION, credentials: TEST_CREDENTIALS });
  const sqs = new SQSClient({ endpoint: emulators.sqsS3Endpoint, region: REGION, credentials: TEST_CREDENTIALS });
  const s3 = new S3Client({ endpoint: emulators.sqsS3Endpoint, region: REGION, credentials: TEST_CREDENTIALS, forcePathStyle: true });

  const tables = Object.fromEntries((Object.keys(TABLE_ENV) as TableName[]).map((table) => [table, `${prefix}-${table}`])) as Record<TableName, string>;
  for (const table of Object.keys(tables) as TableName[]) await dynamo.send(new CreateTableCommand(tableDefinition({ table, tableName: tables[table] })));
  await dynamo.send(new UpdateTimeToLiveCommand({ TableName: tables.reassemblyTriggered, TimeToLiveSpecification: { AttributeName: REASSEMBLY_TTL_ATTRIBUTE, Enabled: true } }));

  const queueUrls = {} as Record<QueueName, string>;
  const deadLetterQueueUrls = {} as Record<QueueName, string>;
  for (const name of QUEUE_NAMES) {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${name}-dlq` }));
    const dlqUrl = dlq.QueueUrl ?? '';
    const arn = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    const queue = await sqs.send(
      new CreateQueueCommand({ QueueName: `${prefix}-${name}`, Attributes: queueAttributes({ deadLetterArn: arn.Attributes?.QueueArn ?? '', maxReceiveCount, visibilityTimeoutSec }) }),
    );
    queueUrls[name] = queue.QueueUrl ?? '';
    deadLetterQueueUrls[name] = dlqUrl;
  }

  const buckets = Object.fromEntries(BUCKETS.map((bucket) => [bucket, `${prefix}-${bucket}`])) as Record<Bucket, string>;
  for (const bucket of BUCKETS) await s3.send(new CreateBucketCommand({ Bucket: buckets[bucket] }));

  // S3 → SQS notifications, by the same rules the infrastructure configures.
  const logicalBucket = new Map(BUCKETS.map((bucket) => [buckets[bucket], bucket]));
  const forwardedEvents: AwsTestStack['forwardedEvents'] = [];
  const uploads: AwsTestStack['uploads'] = [];
  const stopForwarding = emulators.onObjectUploaded(({ bucket: bucketName, key }) => {
    const bucket = logicalBucket.get(bucketName);
    if (!bucket) return;
    uploads.push({ bucket, key });
    for (const rule of NOTIFICATION_RULES) {
      if (rule.bucket !== bucket || !key.startsWith(rule.prefix) || !key.endsWith(rule.suffix)) continue;
      forwardedEvents.push({ queue: rule.queue, bucket, key });
      const body = JSON.stringify(buildS3Event({ bucketName, key, region: REGION, configurationId: `${rule.queue}-notification` }));
      for (let copy = 0; copy < (duplicateEvents ? 2 : 1); copy += 1) {
        void sqs.send(new SendMessageCommand({ QueueUrl: queueUrls[rule.queue], MessageBody: body })).catch(() => undefined);
      }
    }
  });

  const config: AwsConfig = {
    region: REGION,
    endpoints: { dynamodb: emulators.dynamoEndpoint, sqs: emulators.sqsS3Endpoint, s3: emulators.sqsS3Endpoint },
    buckets,
    tables,
    queueUrls,
    presignedUpload: 'put',
  };
  return {
    config,
    deadLetterQueueUrls,
    segmentCompletionsTable: tables.segmentCompletions,
    forwardedEvents,
    uploads,
    async dispose() {
      stopForwarding();
      for (const table of Object.values(tables)) await dynamo.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
      for (const url of [...Object.values(queueUrls), ...Object.values(deadLetterQueueUrls)]) await sqs.send(new DeleteQueueCommand({ QueueUrl: url })).catch(() => undefined);
      dynamo.destroy();
      sqs.destroy();
      s3.destroy();
    },
  };
}
