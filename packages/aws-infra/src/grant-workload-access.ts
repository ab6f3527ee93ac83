import { Stack, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { tableDefinition, type TableName } from '@stereo-spot/aws-adapters';
import { QUEUE_NAMES, type Bucket } from '@stereo-spot/shared-types';
import { acknowledgeFindings } from './acknowledge-findings.js';
import type { DataPlaneResources } from './data-plane-resources.js';
import { WORKLOAD_ACCESS, type Workload } from './workloads.js';

const TABLE_ACTIONS = { read: ['dynamodb:GetItem', 'dynamodb:Query'], write: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], delete: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] } as const;
// An upload that carries `x-amz-tagging` (converted segments, see `taggingFor`) needs s3:PutObjectTagging as well.
const BUCKET_OBJECT_ACTIONS = { read: ['s3:GetObject'], write: ['s3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload'], 'presign-upload': ['s3:PutObject'], delete: ['s3:DeleteObject'] } as const;

/**
 * Grants one workload what `WORKLOAD_ACCESS` lists, with named actions only (no `Get*`-style groups): the
 * statements are written here rather than with CDK's grant helpers, which add action wildcards. Every workload
 * opens the AWS backend, which reads each queue's redrive policy and looks up its dead-letter queue at start.
 */
export function grantWorkloadAccess({ grantee, workload, resources }: { grantee: iam.IGrantable & IConstruct; workload: Workload; resources: DataPlaneResources }): void {
  const access = WORKLOAD_ACCESS[workload];
  const allow = (actions: readonly string[], resourceArns: string[]) => grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...actions], resources: resourceArns }));
  for (const [table, modes] of Object.entries(access.tables) as Array<[TableName, ReadonlyArray<keyof typeof TABLE_ACTIONS>]>) {
    const arn = resources.tables[table].tableArn;
    // The table's indexes (the Jobs table lists jobs by them), each named as tableDefinition has it, not index/*.
    const indexes = tableDefinition({ table, tableName: table }).GlobalSecondaryIndexes ?? [];
    const arns = [arn, ...indexes.map((index) => `${arn}/index/${index.IndexName!}`)];
    for (const mode of modes) allow(TABLE_ACTIONS[mode], arns);
  }
  for (const [bucket, modes] of Object.entries(access.buckets) as Array<[Bucket, ReadonlyArray<keyof typeof BUCKET_OBJECT_ACTIONS>]>) {
    const b = resources.buckets[bucket];
    for (const mode of modes) allow(BUCKET_OBJECT_ACTIONS[mode], [b.arnForObjects('*')]);
    // Deleting a job's objects lists its prefix first.
    if (modes.includes('read') || modes.includes('delete')) allow(['s3:ListBucket'], [b.bucketArn]);
    acknowledgeFindings({
      scope: grantee,
      rule: 'IAM5',
      findings: [`Resource::<${Stack.of(b).getLogicalId(b.node.defaultChild as CfnElement)}.Arn>/*`],
      reason: `Object keys in the ${bucket} bucket are per job (DESIGN keys), so object actions are granted on the bucket's objects; the actions are named, no wildcard.`,
    });
  }
  for (const name of access.consumes) resources.queues[name].grantConsumeMessages(grantee);
  // A consumer watches its queue's dead-letter queue (`watchDeadLetters`): it receives without hiding or deleting.
  if (access.consumes.length > 0) allow(['sqs:ReceiveMessage'], access.consumes.map((name) => resources.deadLetterQueues[name].queueArn));
  for (const name of access.sends) resources.queues[name].grantSendMessages(grantee);
  allow(['sqs:GetQueueAttributes'], QUEUE_NAMES.map((name) => resources.queues[name].queueArn));
  allow(['sqs:GetQueueUrl'], QUEUE_NAMES.map((name) => resources.deadLetterQueues[name].queueArn));
}
