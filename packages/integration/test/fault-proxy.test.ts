import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsErrorName, callAws, createAwsClients, type AwsConfig } from '@stereo-spot/aws-adapters';
import { TransientStorageError } from '@stereo-spot/shared-types';
import { startFaultProxy } from '../src/fault-proxy.ts';

const configFor = (endpoint: string): AwsConfig => ({
  region: 'us-east-1',
  endpoints: { dynamodb: endpoint, sqs: endpoint, s3: endpoint },
  buckets: { input: 'in', output: 'out' },
  tables: { jobs: 'j', segmentCompletions: 's', reassemblyTriggered: 'r' },
  queueUrls: { chunking: `${endpoint}/000000000000/c`, 'video-worker': `${endpoint}/000000000000/v`, reassembly: `${endpoint}/000000000000/r` },
  presignedUpload: 'put',
});

test('while throttling, every service gets the error AWS sends under load, and the adapters call it retryable', async () => {
  // No upstream: a refused request never gets there.
  const proxy = await startFaultProxy({ upstream: 'http://127.0.0.1:9' });
  // One attempt each: the SDK's own retries would only hide the answer.
  const settings = { endpoint: proxy.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 };
  const clients = { dynamo: new DynamoDBClient(settings), sqs: new SQSClient(settings), s3: new S3Client({ ...settings, forcePathStyle: true }) };
  try {
    proxy.throttle(1);
    const calls = {
      dynamodb: () => clients.dynamo.send(new GetItemCommand({ TableName: 'j', Key: { job_id: { S: 'x' } } })),
      sqs: () => clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: configFor(proxy.endpoint).queueUrls.chunking })),
      s3: () => clients.s3.send(new PutObjectCommand({ Bucket: 'in', Key: 'a/b', Body: Buffer.alloc(200_000) })),
    };
    const seen: Record<string, string[]> = {};
    for (const [service, call] of Object.entries(calls)) {
      for (let i = 0; i < 2; i++) {
        const error = await callAws(service, call).then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof TransientStorageError, `${service}: ${String(error)}`);
        (seen[service] ??= []).push(awsErrorName((error as Error).cause) ?? '?');
      }
    }
    assert.deepEqual(seen, {
      dynamodb: ['ThrottlingException', 'ProvisionedThroughputExceededException'],
      sqs: ['ThrottlingException', 'InternalError'],
      s3: ['SlowDown', 'InternalError'],
    });
    assert.deepEqual(proxy.stats.throttled, { dynamodb: 2, sqs: 2, s3: 2 });
  } finally {
    for (const client of Object.values(clients)) client.destroy();
    await proxy.stop();
  }
});

test('calm: requests and streamed bodies pass through unchanged, both ways', async () => {
  const upstream = createServer((request, response) => {
    response.writeHead(200, { 'x-method': request.method ?? '', 'x-path': request.url ?? '' });
    request.pipe(response);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const proxy = await startFaultProxy({ upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
  const clients = createAwsClients({ config: configFor(proxy.endpoint) });
  try {
    const body = Buffer.alloc(3_000_000, 7);
    const response = await fetch(`${proxy.endpoint}/bucket/some/key?x=1`, { method: 'PUT', body });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-path'), '/bucket/some/key?x=1');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), body);
    proxy.throttle(1);
    proxy.calm();
    assert.equal((await fetch(`${proxy.endpoint}/x`, { method: 'POST', body: 'hello' }).then((r) => r.text())), 'hello');
    assert.equal(proxy.stats.requests, 2);
    assert.deepEqual(proxy.stats.throttled, { dynamodb: 0, sqs: 0, s3: 0 });
    // A real SDK call goes through too (the upstream echoes; the SDK then fails to parse, which is not a refusal).
    await clients.s3.send(new GetObjectCommand({ Bucket: 'in', Key: 'k' })).catch(() => undefined);
    assert.equal(proxy.stats.requests, 3);
  } finally {
    clients.destroy();
    await proxy.stop();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  }
});

test('hold: a DynamoDB request reaches the service only once the hook lets it go, whole', async () => {
  const seen: string[] = [];
  const upstream = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push(body);
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  let release = () => {};
  const held: string[] = [];
  const proxy = await startFaultProxy({
    upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    hold: async ({ service, operation, body }) => {
      held.push(`${service} ${operation} ${body.toString()}`);
      await new Promise<void>((resolve) => (release = resolve));
    },
  });
  try {
    const answer = fetch(proxy.endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.UpdateItem' }, body: '{"Key":1}' });
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(held, ['dynamodb UpdateItem {"Key":1}']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(seen, [], 'not sent on while held');
    release();
    assert.equal((await answer).status, 200);
    assert.deepEqual(seen, ['{"Key":1}']);
  } finally {
    await proxy.stop();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  }
});
