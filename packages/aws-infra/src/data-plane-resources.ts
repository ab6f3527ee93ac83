import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { TableName } from '@stereo-spot/aws-adapters';
import type { Bucket, QueueName } from '@stereo-spot/shared-types';

/** The buckets, queues and tables of one deployment, as the grants see them. */
export interface DataPlaneResources {
  buckets: Record<Bucket, s3.IBucket>;
  queues: Record<QueueName, sqs.IQueue>;
  deadLetterQueues: Record<QueueName, sqs.IQueue>;
  tables: Record<TableName, dynamodb.ITable>;
}
