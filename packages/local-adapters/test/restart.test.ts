import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openLocalBackend } from '../src/index.ts';
import { makeJob, makeTempDir, sleep } from './helpers.ts';

test('reopening the data dir sees the jobs, completions, locks, queue messages and objects', async (t) => {
  const { dir, cleanup } = await makeTempDir();
  t.after(cleanup);
  const first = await openLocalBackend({ dataDir: join(dir, 'data') });
  const job = makeJob();
  await first.jobs.create(job);
  await first.completions.put({ job_id: job.job_id, segment_index: 0, output_s3_uri: 's3://output/x', completed_at: 1, total_segments: 2 });
  await first.lock.tryCreate({ jobId: job.job_id, ttlSec: 3600 });
  await first.queues.reassembly.send({ body: 'waiting' });
  await first.queues.reassembly.send({ body: 'in flight' });
  const [held] = await first.queues.reassembly.receive({ maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 0.5 });
  assert.equal(held?.body, 'waiting');
  await writeFile(join(dir, 'f'), 'payload');
  await first.storage.putFile({ bucket: 'output', key: 'jobs/a/final.mp4', path: join(dir, 'f') });
  const url = await first.storage.presignGet({ bucket: 'output', key: 'jobs/a/final.mp4', expiresInSec: 60 });
  await first.close();

  const second = await openLocalBackend({ dataDir: join(dir, 'data') });
  t.after(() => second.close());
  assert.deepEqual(await second.jobs.get(job.job_id), job);
  assert.equal(await second.completions.countByJob(job.job_id), 1);
  assert.equal(await second.lock.tryCreate({ jobId: job.job_id, ttlSec: 3600 }), false);
  const [next] = await second.queues.reassembly.receive({ maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 30 });
  assert.equal(next?.body, 'in flight');
  await sleep(500);
  const [back] = await second.queues.reassembly.receive({ maxMessages: 1, waitSeconds: 1, visibilityTimeoutSec: 30 });
  assert.equal(back?.id, held?.id);
  assert.equal(back?.receiveCount, 2);
  await second.storage.getToFile({ bucket: 'output', key: 'jobs/a/final.mp4', path: join(dir, 'g') });
  assert.equal(await readFile(join(dir, 'g'), 'utf8'), 'payload');
  assert.equal(second.verifySignedUrl({ url, method: 'GET' }).ok, true, 'the signing secret survives too');
  assert.equal(await second.jobs.get(randomUUID()), undefined);
});

test('releaseOrphanedMessages leaves messages of live holders alone, and releases those of an earlier process with our pid', async (t) => {
  const { dir, cleanup } = await makeTempDir();
  t.after(cleanup);
  const backend = await openLocalBackend({ dataDir: dir });
  t.after(() => backend.close());
  const queue = backend.queues.chunking;
  await queue.send({ body: 'mine' });
  await queue.send({ body: 'restarted container' });
  const [mine, theirs] = await queue.receive({ maxMessages: 2, waitSeconds: 0, visibilityTimeoutSec: 60 });
  assert.ok(mine && theirs);
  assert.equal(await backend.releaseOrphanedMessages(), 0, 'this process is alive');
  assert.deepEqual(await queue.receive({ maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 60 }), []);

  // Same pid, another process instance (a container restarted as pid 1): orphaned.
  const { createClient } = await import('@libsql/client');
  const raw = createClient({ url: `file:${join(dir, 'stereo-spot.db')}` });
  await raw.execute({ sql: "UPDATE queue_messages SET holder_instance = 'earlier' WHERE body = ?", args: ['restarted container'] });
  raw.close();
  assert.equal(await backend.releaseOrphanedMessages(), 1);
  const [released] = await queue.receive({ maxMessages: 10, waitSeconds: 0, visibilityTimeoutSec: 60 });
  assert.equal(released?.body, 'restarted container');
  assert.equal(released?.receiveCount, 2);
});
