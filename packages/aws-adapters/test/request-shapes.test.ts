import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError, ReceiptHandleExpiredError, TransientStorageError, UsageError } from '@stereo-spot/shared-types';
import {
  awsConfigToEnv,
  presignedPostRequest,
  readAwsConfig,
  receiveRequest,
  toPortError,
  transitionRequest,
  tryAcquireRequest,
  tryCreateRequest,
} from '../src/index.ts';

// What an emulator cannot tell: the exact conditions and parameters sent to AWS.

test('transition: one conditional update from the expected statuses, never creating a job', () => {
  const request = transitionRequest({ tableName: 'Jobs', jobId: 'j', from: ['created', 'chunking_in_progress'], to: 'failed', patch: { error: { stage: 'chunking', message: 'bad' } }, now: 42 });
  assert.equal(request.ConditionExpression, '#status IN (:from0, :from1)');
  assert.deepEqual([request.ExpressionAttributeValues[':from0'], request.ExpressionAttributeValues[':from1']], ['created', 'chunking_in_progress']);
  assert.equal(request.UpdateExpression, 'SET #status = :to, #updated_at = :now, #error = :error');
  assert.deepEqual(request.ExpressionAttributeValues[':error'], { stage: 'chunking', message: 'bad' });
  assert.equal(request.ReturnValuesOnConditionCheckFailure, 'ALL_OLD', 'the loser learns the current job without a read');
  const completed = transitionRequest({ tableName: 'Jobs', jobId: 'j', from: ['chunking_complete'], to: 'completed', now: 42 });
  assert.match(completed.UpdateExpression, /#completed_at = if_not_exists\(#completed_at, :now\)/);
});

test('trigger create: absent or expired only; ttl in epoch seconds', () => {
  const request = tryCreateRequest({ tableName: 'T', jobId: 'j', ttlSec: 3600, now: 1_700_000_000_500 });
  assert.equal(request.ConditionExpression, 'attribute_not_exists(job_id) OR #ttl < :nowSec');
  assert.deepEqual(request.Item, { job_id: 'j', triggered_at: 1_700_000_000_500, ttl: 1_700_003_600 });
});

test('lease acquire: a live record whose lease is free; the first start time kept', () => {
  const request = tryAcquireRequest({ tableName: 'T', jobId: 'j', owner: 'w1', leaseSec: 30, now: 10_000 });
  assert.match(request.ConditionExpression, /^attribute_exists\(job_id\) AND #ttl >= :nowSec AND \(attribute_not_exists\(reassembly_started_at\) OR attribute_not_exists\(lease_until\) OR lease_until < :now\)$/);
  assert.match(request.UpdateExpression, /reassembly_started_at = if_not_exists\(reassembly_started_at, :now\)/);
  assert.equal(request.ExpressionAttributeValues[':until'], 40_000);
});

test('receive: whole seconds rounded up, SQS limits, receive count asked for', () => {
  const request = receiveRequest({ queueUrl: 'q', maxMessages: 50, waitSeconds: 0.2, visibilityTimeoutSec: 0.5 });
  assert.equal(request.MaxNumberOfMessages, 10);
  assert.equal(request.WaitTimeSeconds, 1);
  assert.equal(request.VisibilityTimeout, 1);
  assert.equal(receiveRequest({ queueUrl: 'q', maxMessages: 1, waitSeconds: 60, visibilityTimeoutSec: 0 }).WaitTimeSeconds, 20);
  assert.ok(request.MessageSystemAttributeNames.includes('ApproximateReceiveCount'));
});

test('presigned POST policy: S3 enforces the size limit and the content type', () => {
  const request = presignedPostRequest({ bucketName: 'in', key: 'input/j/source.mp4', expiresInSec: 900, maxBytes: 5_000_000, contentType: 'video/mp4' });
  assert.deepEqual(request.Conditions, [
    ['content-length-range', 1, 5_000_000],
    ['eq', '$Content-Type', 'video/mp4'],
  ]);
  assert.deepEqual(request.Fields, { 'Content-Type': 'video/mp4' });
  assert.equal(request.Key, 'input/j/source.mp4');
  assert.equal(request.Expires, 900);
});

test('AWS errors map to the shared error classes; others pass through', () => {
  const aws = (name: string, extra: object = {}) => Object.assign(new Error(`${name} happened`), { name, $metadata: {} }, extra);
  assert.ok(toPortError(aws('ProvisionedThroughputExceededException'), 'x') instanceof TransientStorageError);
  assert.ok(toPortError(aws('ThrottlingException'), 'x') instanceof TransientStorageError);
  assert.ok(toPortError(aws('Whatever', { $metadata: { httpStatusCode: 503 } }), 'x') instanceof TransientStorageError);
  assert.ok(toPortError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'x') instanceof TransientStorageError);
  assert.ok(toPortError(aws('ReceiptHandleIsInvalid'), 'x') instanceof ReceiptHandleExpiredError);
  assert.ok(toPortError(aws('InvalidParameterValue', { message: 'Value x for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.' }), 'x') instanceof ReceiptHandleExpiredError);
  assert.ok(toPortError(aws('NoSuchKey'), 'x') instanceof NotFoundError);
  const other = aws('AccessDenied', { $metadata: { httpStatusCode: 403 } });
  assert.equal(toPortError(other, 'x'), other);
});

test('readAwsConfig names every missing variable at once; per-service endpoints win over the shared one', () => {
  assert.throws(
    () => readAwsConfig({ INPUT_BUCKET_NAME: 'in', JOBS_TABLE_NAME: 'jobs' }),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      for (const name of ['OUTPUT_BUCKET_NAME', 'SEGMENT_COMPLETIONS_TABLE_NAME', 'REASSEMBLY_TRIGGERED_TABLE_NAME', 'CHUNKING_QUEUE_URL', 'VIDEO_WORKER_QUEUE_URL', 'REASSEMBLY_QUEUE_URL']) {
        assert.match(error.message, new RegExp(name));
      }
      assert.doesNotMatch(error.message, /INPUT_BUCKET_NAME|JOBS_TABLE_NAME/);
      return true;
    },
  );
  const env = {
    INPUT_BUCKET_NAME: 'in',
    OUTPUT_BUCKET_NAME: 'out',
    JOBS_TABLE_NAME: 'jobs',
    SEGMENT_COMPLETIONS_TABLE_NAME: 'sc',
    REASSEMBLY_TRIGGERED_TABLE_NAME: 'rt',
    CHUNKING_QUEUE_URL: 'q1',
    VIDEO_WORKER_QUEUE_URL: 'q2',
    REASSEMBLY_QUEUE_URL: 'q3',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
    AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:2',
  };
  const config = readAwsConfig(env);
  assert.deepEqual(config.endpoints, { dynamodb: 'http://127.0.0.1:2', sqs: 'http://127.0.0.1:1', s3: 'http://127.0.0.1:1' });
  assert.equal(config.region, 'us-east-1');
  assert.equal(config.presignedUpload, 'post');
  assert.deepEqual(readAwsConfig(awsConfigToEnv(config)), config);
});
