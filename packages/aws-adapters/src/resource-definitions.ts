import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { TableName } from './aws-config.js';
import { COMPLETED_INDEX_NAME, UPDATED_INDEX_NAME } from './dynamo-job-store.js';

/** The TTL attribute of ReassemblyTriggered (DESIGN: `ttl`). */
export const REASSEMBLY_TTL_ATTRIBUTE = 'ttl';

/**
 * The three tables as DESIGN.md defines them, on-demand billing. The infrastructure code and the emulator
 * harness both create them from here, so the tests run against the shapes that are deployed.
 */
export function tableDefinition({ table, tableName }: { table: TableName; tableName: string }): CreateTableCommandInput {
  const definitions: Record<TableName, CreateTableCommandInput> = {
    jobs: {
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'job_id', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
        { AttributeName: 'completed_at', AttributeType: 'N' },
        { AttributeName: 'updated_at', AttributeType: 'N' },
      ],
      KeySchema: [{ AttributeName: 'job_id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: COMPLETED_INDEX_NAME,
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'completed_at', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          // Every job has an updated_at, so this index holds them all (operators list any status).
          IndexName: UPDATED_INDEX_NAME,
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'updated_at', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    segmentCompletions: {
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'job_id', AttributeType: 'S' },
        { AttributeName: 'segment_index', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'job_id', KeyType: 'HASH' },
        { AttributeName: 'segment_index', KeyType: 'RANGE' },
      ],
      // The reassembly-trigger Lambda reads this stream.
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    },
    reassemblyTriggered: {
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'job_id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'job_id', KeyType: 'HASH' }],
    },
  };
  return definitions[table];
}

/** Queue settings: long polling by default, and a redrive to the queue's dead-letter queue after N receives. */
export const DEFAULT_QUEUE_MAX_RECEIVE_COUNT = 4;
export const DEFAULT_QUEUE_VISIBILITY_TIMEOUT_SEC = 60;
export const DEAD_LETTER_RETENTION_SEC = 14 * 24 * 3600;

export function queueAttributes({ deadLetterArn, maxReceiveCount = DEFAULT_QUEUE_MAX_RECEIVE_COUNT, visibilityTimeoutSec = DEFAULT_QUEUE_VISIBILITY_TIMEOUT_SEC }: { deadLetterArn: string; maxReceiveCount?: number; visibilityTimeoutSec?: number }): Record<string, string> {
  return {
    VisibilityTimeout: String(visibilityTimeoutSec),
    ReceiveMessageWaitTimeSeconds: '20',
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterArn, maxReceiveCount }),
  };
}
