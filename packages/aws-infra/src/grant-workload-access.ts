import * as iam from 'aws-cdk-lib/aws-iam';
import type { TableName } from '@stereo-spot/aws-adapters';
import { QUEUE_NAMES, type Bucket } from '@stereo-spot/shared-types';
import type { DataPlaneResources } from './data-plane-stack.js';
import { WORKLOAD_ACCESS, type Workload } from './workloads.js';

/**
 * Grants one workload what `WORKLOAD_ACCESS` lists, item by item (no `*` actions). Every workload opens the AWS
 * backend, which reads each queue's redrive policy and looks up its dead-letter queue at start.
 */
export function grantWorkloadAccess({ grantee, workload, resources }: { grantee: iam.IGrantable; workload: Workload; resources: DataPlaneResources }): void {
  const access = WORKLOAD_ACCESS[workload];
  for (const [table, modes] of Object.entries(access.tables) as Array<[TableName, readonly string[]]>) {
    if (modes.includes('read')) resources.tables[table].grant(grantee, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:DescribeTable');
    if (modes.includes('write')) resources.tables[table].grant(grantee, 'dynamodb:PutItem', 'dynamodb:UpdateItem');
  }
  for (const [bucket, modes] of Object.entries(access.buckets) as Array<[Bucket, readonly string[]]>) {
    const b = resources.buckets[bucket];
    if (modes.includes('read')) b.grantRead(grantee);
    // A presigned upload is signed with the server's identity: it needs PutObject, nothing more.
    if (modes.includes('write') || modes.includes('presign-upload')) b.grantPut(grantee);
    if (modes.includes('write')) b.grantDelete(grantee);
  }
  for (const name of access.consumes) resources.queues[name].grantConsumeMessages(grantee);
  for (const name of access.sends) resources.queues[name].grantSendMessages(grantee);
  for (const name of QUEUE_NAMES) {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: [resources.queues[name].queueArn] }));
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:GetQueueUrl'], resources: [resources.deadLetterQueues[name].queueArn] }));
  }
}
