import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BUCKET_ENV, INTERMEDIATE_TAG, QUEUE_URL_ENV, REASSEMBLY_TTL_ATTRIBUTE, TABLE_ENV, queueAttributes, tableDefinition, type TableName } from '@stereo-spot/aws-adapters';
import { BUCKETS, NOTIFICATION_RULES, QUEUE_NAMES, type Bucket, type QueueName } from '@stereo-spot/shared-types';
import { cfnTableProps } from './cfn-table-props.js';
import { acknowledgeFindings, managedPolicyFinding } from './acknowledge-findings.js';
import type { DataPlaneResources } from './data-plane-resources.js';
import type { DeploymentSettings } from './deployment-settings.js';
import { grantWorkloadAccess } from './grant-workload-access.js';
import { podIdentityPrincipal } from './pod-identity-role.js';
import { QUEUE_VISIBILITY_TIMEOUT_SEC } from './queue-timeouts.js';
import { POD_WORKLOADS, type PodWorkload } from './workloads.js';

const LAMBDA_BASIC_EXECUTION = managedPolicyFinding('service-role/AWSLambdaBasicExecutionRole');
const TABLE_NAMES = Object.keys(TABLE_ENV) as TableName[];
const TRIGGER_ENTRY = fileURLToPath(new URL('../../reassembly-trigger/src/lambda-entry.ts', import.meta.url));

/**
 * Stack 1 of 2: where jobs live. Buckets with their S3 → SQS notifications, the three queues with dead-letter
 * queues and alarms, the three tables, and the reassembly-trigger Lambda on the SegmentCompletions stream.
 */
export class DataPlaneStack extends Stack {
  readonly resources: DataPlaneResources;
  /**
   * One role per pod workload, assumed through EKS Pod Identity (the platform stack binds each to its service
   * account). They live here, beside what they may touch, so every data-plane permission is in one template.
   */
  readonly workloadRoles: Record<PodWorkload, iam.Role>;
  readonly alarmTopic: sns.Topic;
  /** The environment every workload reads (`readAwsConfig`): names and URLs of this stack's resources. */
  readonly backendEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, props: StackProps & { settings: DeploymentSettings }) {
    super(scope, id, props);
    const { settings } = props;

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This is the access-log bucket of the data buckets; logging it to itself would loop.' });

    const buckets = {} as Record<Bucket, s3.Bucket>;
    for (const name of BUCKETS) {
      buckets[name] = new s3.Bucket(this, `${name === 'input' ? 'Input' : 'Output'}Bucket`, {
        encryption: s3.BucketEncryption.S3_MANAGED,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: `${name}/`,
        // The browser uploads sources (presigned POST/PUT) and plays results (presigned GET, ranges) directly.
        cors: [
          {
            allowedOrigins: [settings.webOrigin],
            allowedMethods: name === 'input' ? [s3.HttpMethods.PUT, s3.HttpMethods.POST] : [s3.HttpMethods.GET, s3.HttpMethods.HEAD],
            allowedHeaders: ['*'],
            exposedHeaders: ['ETag', 'Content-Length', 'Content-Range', 'Accept-Ranges'],
            maxAge: 3000,
          },
        ],
        lifecycleRules: [
          { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
          ...(name === 'output'
            ? [
                // Converted segments (`jobs/{id}/segments/`) are only needed until reassembly. S3 filters by
                // prefix, not by pattern, so the S3 adapter tags them when it writes them (`taggingFor`).
                { id: 'expire-converted-segments', prefix: 'jobs/', tagFilters: { [INTERMEDIATE_TAG.key]: INTERMEDIATE_TAG.value }, expiration: Duration.days(1) },
              ]
            : [{ id: 'expire-source-segments', prefix: 'segments/', expiration: Duration.days(1) }]),
        ],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'stereo-spot alarms', enforceSSL: true });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'CloudWatch alarms publish to this topic; the AWS-managed SNS key does not allow CloudWatch, and the messages hold only alarm names and queue names.',
    });
    const alarmOnVisibleMessages = (queue: sqs.Queue, what: string) =>
      new cloudwatch.Alarm(this, `${queue.node.id}Alarm`, {
        alarmDescription: `${what}: messages are waiting in a dead-letter queue; see docs/DEPLOY.md`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));

    const queues = {} as Record<QueueName, sqs.Queue>;
    const deadLetterQueues = {} as Record<QueueName, sqs.Queue>;
    for (const name of QUEUE_NAMES) {
      const idBase = pascal(name);
      const dlq = new sqs.Queue(this, `${idBase}DeadLetterQueue`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(dlq).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is a dead-letter queue.' });
      // The same attributes the emulator suite creates (long poll, redrive), with this stage's timeout.
      const attributes = queueAttributes({ deadLetterArn: dlq.queueArn, maxReceiveCount: settings.maxReceiveCount, visibilityTimeoutSec: QUEUE_VISIBILITY_TIMEOUT_SEC[name] });
      queues[name] = new sqs.Queue(this, `${idBase}Queue`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(Number(attributes.VisibilityTimeout)),
        receiveMessageWaitTime: Duration.seconds(Number(attributes.ReceiveMessageWaitTimeSeconds)),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: dlq, maxReceiveCount: (JSON.parse(attributes.RedrivePolicy!) as { maxReceiveCount: number }).maxReceiveCount },
      });
      deadLetterQueues[name] = dlq;
      alarmOnVisibleMessages(dlq, `${name} dead-letter queue`);
    }

    // S3 → SQS by the shared rules; addEventNotification also writes a queue policy for exactly this bucket.
    for (const rule of NOTIFICATION_RULES) {
      buckets[rule.bucket].addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(queues[rule.queue]), { prefix: rule.prefix, suffix: rule.suffix });
    }

    // The custom resource that configures the notifications is CDK's own singleton function.
    const notificationsHandler = this.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (notificationsHandler) {
      acknowledgeFindings({ scope: notificationsHandler, rule: 'IAM4', findings: [LAMBDA_BASIC_EXECUTION], reason: 'CDK\'s bucket-notifications handler writes only its own logs with this policy.' });
    }

    const tables = {} as Record<TableName, dynamodb.ITable>;
    for (const name of TABLE_NAMES) {
      const cfn = new dynamodb.CfnTable(this, `${pascal(name)}Table`, {
        ...cfnTableProps(tableDefinition({ table: name, tableName: name })),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        sseSpecification: { sseEnabled: true },
        ...(name === 'reassemblyTriggered' ? { timeToLiveSpecification: { attributeName: REASSEMBLY_TTL_ATTRIBUTE, enabled: true } } : {}),
      });
      cfn.applyRemovalPolicy(RemovalPolicy.RETAIN);
      tables[name] = dynamodb.Table.fromTableAttributes(this, `${pascal(name)}TableRef`, {
        tableArn: cfn.attrArn,
        ...(name === 'segmentCompletions' ? { tableStreamArn: cfn.attrStreamArn } : {}),
      });
    }

    this.resources = { buckets, queues, deadLetterQueues, tables };
    this.backendEnvironment = {
      ...Object.fromEntries(BUCKETS.map((b) => [BUCKET_ENV[b], buckets[b].bucketName])),
      ...Object.fromEntries(TABLE_NAMES.map((t) => [TABLE_ENV[t], tables[t].tableName])),
      ...Object.fromEntries(QUEUE_NAMES.map((q) => [QUEUE_URL_ENV[q], queues[q].queueUrl])),
    };

    const triggerFailures = new sqs.Queue(this, 'TriggerFailureQueue', { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(triggerFailures).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the on-failure destination of the trigger Lambda, a dead-letter queue itself.' });
    alarmOnVisibleMessages(triggerFailures, 'reassembly-trigger failures');

    // The reassembly-trigger package's Lambda entry, bundled as its own build does (ESM for Node.js 22).
    const trigger = new nodejs.NodejsFunction(this, 'ReassemblyTrigger', {
      entry: TRIGGER_ENTRY,
      handler: 'handler',
      // Node.js 24: the newest runtime (AwsSolutions-L1); the bundle targets Node.js 22, which it also runs on.
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment: this.backendEnvironment,
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        minify: true,
        externalModules: [],
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
    trigger.addEventSource(
      new DynamoEventSource(tables.segmentCompletions, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(triggerFailures),
      }),
    );
    grantWorkloadAccess({ grantee: trigger, workload: 'reassembly-trigger', resources: this.resources });
    acknowledgeFindings({ scope: trigger, rule: 'IAM4', findings: [LAMBDA_BASIC_EXECUTION], reason: 'AWSLambdaBasicExecutionRole only allows the function to write its own CloudWatch logs.' });
    acknowledgeFindings({ scope: trigger, rule: 'IAM5', findings: ['Resource::*'], reason: 'dynamodb:ListStreams (added by the event source) has no resource-level permissions.' });

    this.workloadRoles = {} as Record<PodWorkload, iam.Role>;
    for (const workload of POD_WORKLOADS) {
      const role = new iam.Role(this, `${workload}-role`, { assumedBy: podIdentityPrincipal(), description: `stereo-spot ${workload} pods (EKS Pod Identity)` });
      grantWorkloadAccess({ grantee: role, workload, resources: this.resources });
      this.workloadRoles[workload] = role;
    }

    for (const [key, value] of Object.entries(this.backendEnvironment)) new CfnOutput(this, key, { value });
    new CfnOutput(this, 'ALARM_TOPIC_ARN', { value: this.alarmTopic.topicArn });
    for (const workload of POD_WORKLOADS) new CfnOutput(this, `${workload}-role-arn`, { value: this.workloadRoles[workload].roleArn });
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase());
}
