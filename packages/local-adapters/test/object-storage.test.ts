import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  buildFinalKey,
  buildSegmentKey,
  buildSourceKey,
  buildStreamsKey,
  InvalidKeyError,
  NotFoundError,
  parseS3Event,
  PermanentError,
} from '@stereo-spot/shared-types';
import type { Bucket, QueueName } from '@stereo-spot/shared-types';
import { ObjectTooLargeError } from '../src/index.ts';
import type { LocalBackend } from '../src/index.ts';
import { openTempBackend } from './helpers.ts';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function drain(backend: LocalBackend): Promise<Record<QueueName, string[]>> {
  const out = {} as Record<QueueName, string[]>;
  for (const name of ['chunking', 'video-worker', 'reassembly'] as const) {
    const messages = await backend.queues[name].receive({ maxMessages: 10, waitSeconds: 0, visibilityTimeoutSec: 30 });
    out[name] = messages.map((m) => m.body);
  }
  return out;
}

// The round trip, exists, list and NotFound are the port contract's (test-kit, run in port-contract.test.ts);
// here only what the folder layout adds.
test('an object is one file under its bucket folder; a key naming a folder is not an object', async (t) => {
  const { backend, dir, cleanup } = await openTempBackend();
  t.after(cleanup);
  const data = randomBytes(100_123);
  const source = join(dir, 'in.bin');
  await writeFile(source, data);
  const key = buildFinalKey({ jobId: randomUUID() });
  await backend.storage.putFile({ bucket: 'output', key, path: source, contentType: 'video/mp4' });
  assert.equal((await stat(backend.objectPath({ bucket: 'output', key }))).size, data.length);
  await assert.rejects(backend.storage.getToFile({ bucket: 'output', key: 'jobs', path: join(dir, 'x') }), NotFoundError);
});

test('putStream stores the stream and reports its size; overwriting replaces the object', async (t) => {
  const { backend, dir, cleanup } = await openTempBackend();
  t.after(cleanup);
  const chunks = Array.from({ length: 20 }, () => randomBytes(100_000));
  const { size } = await backend.storage.putStream({ bucket: 'output', key: 'a/b/c.bin', body: Readable.from(chunks) });
  assert.equal(size, 2_000_000);
  await backend.storage.putStream({ bucket: 'output', key: 'a/b/c.bin', body: Readable.from([Buffer.from('short')]) });
  await backend.storage.getToFile({ bucket: 'output', key: 'a/b/c.bin', path: join(dir, 'c') });
  assert.equal(await readFile(join(dir, 'c'), 'utf8'), 'short');
});

test('an object is never visible half-written: a put in progress shows nothing, a failed put leaves nothing', async (t) => {
  const { backend, dir, cleanup } = await openTempBackend();
  t.after(cleanup);
  const key = 'jobs/partial.bin';
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  async function* slowBody() {
    yield randomBytes(1024 * 1024);
    await gate;
    yield randomBytes(1024 * 1024);
  }
  const putting = backend.storage.putStream({ bucket: 'output', key, body: Readable.from(slowBody()) });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(await backend.storage.exists({ bucket: 'output', key }), false);
  assert.deepEqual(await backend.storage.list({ bucket: 'output', prefix: '' }), []);
  release();
  assert.equal((await putting).size, 2 * 1024 * 1024);
  assert.equal((await stat(backend.objectPath({ bucket: 'output', key }))).size, 2 * 1024 * 1024);

  async function* failingBody() {
    yield randomBytes(1000);
    throw new Error('connection reset');
  }
  await assert.rejects(backend.storage.putStream({ bucket: 'output', key: 'jobs/failed.bin', body: Readable.from(failingBody()) }), /connection reset/);
  assert.equal(await backend.storage.exists({ bucket: 'output', key: 'jobs/failed.bin' }), false);
  assert.deepEqual(await readdir(join(dir, 'objects', '.tmp')), [], 'no temporary file left behind');
  assert.deepEqual((await backend.storage.list({ bucket: 'output', prefix: '' })).map((o) => o.key), [key]);
});

test('putStream over maxBytes fails with ObjectTooLargeError and stores nothing', async (t) => {
  const { backend, dir, cleanup } = await openTempBackend();
  t.after(cleanup);
  const key = buildSourceKey(randomUUID());
  await assert.rejects(backend.storage.putStream({ bucket: 'input', key, body: Readable.from([randomBytes(600), randomBytes(600)]), maxBytes: 1000 }), (error: unknown) => {
    assert.ok(error instanceof ObjectTooLargeError);
    assert.ok(error instanceof PermanentError);
    return true;
  });
  assert.equal(await backend.storage.exists({ bucket: 'input', key }), false);
  assert.deepEqual(await readdir(join(dir, 'objects', '.tmp')), []);
  assert.deepEqual((await drain(backend)).chunking, [], 'no event for a failed put');
  // Exactly maxBytes is fine.
  assert.equal((await backend.storage.putStream({ bucket: 'input', key, body: Readable.from([randomBytes(1000)]), maxBytes: 1000 })).size, 1000);
});

test('puts send S3 events only where a notification rule matches', async (t) => {
  const { backend, dir, cleanup } = await openTempBackend();
  t.after(cleanup);
  const jobId = randomUUID();
  const file = join(dir, 'f.mp4');
  await writeFile(file, 'x'.repeat(42));
  const put = (bucket: Bucket, key: string) => backend.storage.putFile({ bucket, key, path: file });
  const sourceKey = buildSourceKey(jobId);
  const segmentKey = buildSegmentKey({ jobId, segmentIndex: 3, totalSegments: 10, mode: 'sbs-full' });
  await put('input', sourceKey);
  await put('input', segmentKey);
  await put('input', buildStreamsKey(jobId));
  await put('output', buildFinalKey({ jobId: jobId }));
  await put('output', `segments/${jobId}/00000_00001_sbs-full.mp4`);
  await backend.storage.putStream({ bucket: 'input', key: `input/${jobId}/with space.mp4`, body: Readable.from([Buffer.from('abc')]) });

  const events = await drain(backend);
  assert.deepEqual(events.chunking.map((body) => parseS3Event(body)), [
    [{ bucketName: 'input', key: sourceKey, size: 42 }],
    [{ bucketName: 'input', key: `input/${jobId}/with space.mp4`, size: 3 }],
  ]);
  assert.deepEqual(events['video-worker'].map((body) => parseS3Event(body)), [[{ bucketName: 'input', key: segmentKey, size: 42 }]]);
  assert.deepEqual(events.reassembly, []);
  const record = JSON.parse(events.chunking[0] ?? '{}').Records[0];
  assert.equal(record.eventSource, 'aws:s3');
  assert.match(record.eventName, /^ObjectCreated:/);
});

test('list is recursive and sorted with sizes; deletePrefix removes only the prefix', async (t) => {
  const { backend, dir, cleanup } = await openTempBackend();
  t.after(cleanup);
  const file = join(dir, 'f');
  await writeFile(file, '12345');
  const keys = ['jobs/b/segments/1.mp4', 'jobs/a/final.mp4', 'jobs/b/segments/0.mp4', 'jobs/b/final.mp4', 'jobsx/other.mp4', 'top.txt'];
  for (const key of keys) await backend.storage.putFile({ bucket: 'output', key, path: file });
  assert.deepEqual(
    (await backend.storage.list({ bucket: 'output', prefix: 'jobs/' })).map((o) => o.key),
    ['jobs/a/final.mp4', 'jobs/b/final.mp4', 'jobs/b/segments/0.mp4', 'jobs/b/segments/1.mp4'],
  );
  assert.deepEqual(await backend.storage.list({ bucket: 'output', prefix: 'jobs/b/seg' }), [
    { key: 'jobs/b/segments/0.mp4', size: 5 },
    { key: 'jobs/b/segments/1.mp4', size: 5 },
  ]);
  assert.equal((await backend.storage.list({ bucket: 'output', prefix: '' })).length, keys.length);
  assert.equal(await backend.storage.deletePrefix({ bucket: 'output', prefix: 'jobs/b/' }), 3);
  assert.deepEqual((await backend.storage.list({ bucket: 'output', prefix: '' })).map((o) => o.key), ['jobs/a/final.mp4', 'jobsx/other.mp4', 'top.txt']);
  assert.deepEqual(await readdir(join(dir, 'objects', 'output', 'jobs')), ['a'], 'empty folders are removed');
  assert.equal(await backend.storage.deletePrefix({ bucket: 'output', prefix: 'nothing/' }), 0);
});

test('invalid keys and buckets are rejected with InvalidKeyError', async (t) => {
  const { backend, dir, cleanup } = await openTempBackend();
  t.after(cleanup);
  const file = join(dir, 'f');
  await writeFile(file, 'x');
  for (const key of ['', '/abs', 'a/../b', '..', 'a//b', 'a/', './a', 'a/./b', 'a\0b', 'a\\b', 'k'.repeat(1025)]) {
    await assert.rejects(backend.storage.putFile({ bucket: 'input', key, path: file }), InvalidKeyError, JSON.stringify(key));
    await assert.rejects(backend.storage.exists({ bucket: 'input', key }), InvalidKeyError);
    assert.throws(() => backend.objectPath({ bucket: 'input', key }), InvalidKeyError);
  }
  await assert.rejects(backend.storage.list({ bucket: 'input', prefix: '../' }), InvalidKeyError);
  await assert.rejects(backend.storage.putFile({ bucket: 'other' as Bucket, key: 'a', path: file }), InvalidKeyError);
  assert.deepEqual(await backend.storage.list({ bucket: 'input', prefix: '' }), []);
  assert.deepEqual((await readdir(dir)).filter((name) => !['f', 'objects', 'secret'].includes(name) && !name.startsWith('stereo-spot.db')), []);
});

test('putFile with consume moves a scratch file into the store; without it the file is left alone', async (t) => {
  const { backend, dir, cleanup } = await openTempBackend();
  t.after(cleanup);
  const data = randomBytes(64 * 1024);
  const kept = join(dir, 'kept.bin');
  const handedOver = join(dir, 'handed-over.bin');
  await writeFile(kept, data);
  await writeFile(handedOver, data);
  const jobId = randomUUID();
  await backend.storage.putFile({ bucket: 'output', key: `jobs/${jobId}/segments/0.mp4`, path: kept });
  await backend.storage.putFile({ bucket: 'output', key: `jobs/${jobId}/segments/1.mp4`, path: handedOver, consume: true });
  assert.equal(sha(await readFile(kept)), sha(data));
  await assert.rejects(stat(handedOver), 'consumed file moved away');
  const back = join(dir, 'back.bin');
  await backend.storage.getToFile({ bucket: 'output', key: `jobs/${jobId}/segments/1.mp4`, path: back });
  assert.equal(sha(await readFile(back)), sha(data));
});
