import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BUCKET_ENV, INTERMEDIATE_TAG, QUEUE_URL_ENV, TABLE_ENV, tableDefinition } from '@stereo-spot/aws-adapters';
import { NOTIFICATION_RULES, QUEUE_NAMES } from '@stereo-spot/shared-types';
import { QUEUE_VISIBILITY_TIMEOUT_SEC } from '../src/queue-timeouts.js';
import { readDeploymentSettings } from '../src/deployment-settings.js';
import { synthesizeApp } from './synthesized-app.js';

const WEB_ORIGIN = 'https://stereo.test';
// In a region, as `cdk synth` with credentials runs it (the platform test runs environment-agnostic).
const { dataPlane } = synthesizeApp({ context: { maxReceiveCount: 5, webOrigin: WEB_ORIGIN }, env: { region: 'eu-west-1' } });
const template = Template.fromStack(dataPlane);

test('data buckets: encrypted, public access blocked, TLS only, CORS for the web origin, lifecycle rules', () => {
  const buckets = template.findResources('AWS::S3::Bucket', { Properties: { CorsConfiguration: Match.anyValue() } });
  assert.equal(Object.keys(buckets).length, 2);
  for (const bucket of Object.values(buckets)) {
    const p = bucket.Properties;
    assert.equal(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
    assert.deepEqual(p.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    assert.deepEqual(p.CorsConfiguration.CorsRules[0].AllowedOrigins, [WEB_ORIGIN]);
    const rules = p.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;
    assert.ok(rules.some((r) => (r.AbortIncompleteMultipartUpload as { DaysAfterInitiation: number } | undefined)?.DaysAfterInitiation === 1));
    assert.ok(rules.some((r) => r.ExpirationInDays === 1));
  }
  template.hasResourceProperties('AWS::S3::Bucket', {
    // The tag the S3 adapter writes on converted segments (`taggingFor`), and only that.
    LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'jobs/', ExpirationInDays: 1, TagFilters: [{ Key: INTERMEDIATE_TAG.key, Value: INTERMEDIATE_TAG.value }] })]) },
  });
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
  });
});

test('three queues with a redrive at the configured receive count and stage-fitted visibility timeouts', () => {
  for (const name of QUEUE_NAMES) {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: QUEUE_VISIBILITY_TIMEOUT_SEC[name],
      ReceiveMessageWaitTimeSeconds: 20,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() },
    });
  }
  assert.equal(Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } })).length, 3);
  assert.throws(() => readDeploymentSettings({ tryGetContext: (k) => (k === 'maxReceiveCount' ? 6 : undefined) }), /maxReceiveCount must be an integer from 3 to 5/);
});

test('an alarm on each dead-letter queue (and the trigger failure queue) publishes to the SNS topic', () => {
  const alarms = template.findResources('AWS::CloudWatch::Alarm');
  assert.equal(Object.keys(alarms).length, QUEUE_NAMES.length + 1);
  for (const alarm of Object.values(alarms)) {
    const p = alarm.Properties;
    assert.equal(p.MetricName, 'ApproximateNumberOfMessagesVisible');
    assert.equal(p.Threshold, 0);
    assert.equal(p.ComparisonOperator, 'GreaterThanThreshold');
    assert.deepEqual(p.AlarmActions, [{ Ref: Object.keys(template.findResources('AWS::SNS::Topic'))[0] }]);
  }
});

test('tables: the shapes of tableDefinition, on demand, point-in-time recovery, stream and TTL', () => {
  const jobs = tableDefinition({ table: 'jobs', tableName: 'x' });
  template.hasResourceProperties('AWS::DynamoDB::Table', {
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'job_id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      Match.objectLike({ IndexName: jobs.GlobalSecondaryIndexes![0]!.IndexName, KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'completed_at', KeyType: 'RANGE' }] }),
      // Every job, for the operators' `jobs list --status`.
      Match.objectLike({ IndexName: 'status-updated_at', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'updated_at', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }),
    ],
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  });
  template.hasResourceProperties('AWS::DynamoDB::Table', {
    KeySchema: [{ AttributeName: 'job_id', KeyType: 'HASH' }, { AttributeName: 'segment_index', KeyType: 'RANGE' }],
    StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  });
  template.hasResourceProperties('AWS::DynamoDB::Table', { TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true }, BillingMode: 'PAY_PER_REQUEST' });
  template.resourceCountIs('AWS::DynamoDB::Table', 3);
});

test('S3 notifications follow NOTIFICATION_RULES, and queue policies admit only that bucket', () => {
  const [notifications] = Object.values(template.findResources('Custom::S3BucketNotifications'));
  const configs = notifications!.Properties.NotificationConfiguration.QueueConfigurations as Array<{ Filter: { Key: { FilterRules: Array<{ Name: string; Value: string }> } } }>;
  const filters = configs.map((c) => Object.fromEntries(c.Filter.Key.FilterRules.map((r) => [r.Name.toLowerCase(), r.Value])));
  assert.deepEqual(filters.sort((a, b) => String(a.prefix).localeCompare(String(b.prefix))), NOTIFICATION_RULES.map((r) => ({ prefix: r.prefix, suffix: r.suffix })).sort((a, b) => a.prefix.localeCompare(b.prefix)));
  const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
  const s3Statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Principal?: { Service?: string }; Condition: { ArnLike: Record<string, unknown> } }>).filter((s) => s.Principal?.Service === 's3.amazonaws.com');
  assert.equal(s3Statements.length, NOTIFICATION_RULES.length);
  for (const s of s3Statements) assert.ok(s.Condition.ArnLike['aws:SourceArn'], 'restricted to the source bucket');
});

test('the trigger Lambda: Node.js 22+, the backend environment, a stream source with bisect, retries, on-failure and partial batches', () => {
  const functions = template.findResources('AWS::Lambda::Function', { Properties: { Environment: Match.anyValue() } });
  const [trigger] = Object.values(functions);
  const runtime = String(trigger!.Properties.Runtime);
  assert.match(runtime, /^nodejs(\d+)\.x$/);
  assert.ok(Number(/\d+/.exec(runtime)![0]) >= 22);
  assert.deepEqual(Object.keys(trigger!.Properties.Environment.Variables).sort(), [...Object.values(BUCKET_ENV), ...Object.values(TABLE_ENV), ...Object.values(QUEUE_URL_ENV)].sort());
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    StartingPosition: 'TRIM_HORIZON',
    BisectBatchOnFunctionError: true,
    MaximumRetryAttempts: Match.anyValue(),
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
  });
});

test('the trigger is least privilege: no wildcard actions, no S3, sends only to the reassembly queue (and its failure destination)', () => {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('ReassemblyTrigger') }] } });
  const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
  const actions = statements.flatMap((s) => [s.Action].flat());
  assert.ok(!actions.some((a) => a === '*' || a.endsWith(':*')), actions.join(', '));
  assert.ok(!actions.some((a) => a.startsWith('s3:')));
  // The on-failure destination is the other queue the function's role may send to.
  const sends = statements.filter((s) => [s.Action].flat().includes('sqs:SendMessage')).map((s) => JSON.stringify(s.Resource));
  assert.equal(sends.length, 2);
  assert.ok(sends.some((r) => /ReassemblyQueue/.test(r)) && sends.some((r) => /TriggerFailureQueue/.test(r)), sends.join(' '));
});
