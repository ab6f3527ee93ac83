import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { TransientStorageError } from '@stereo-spot/shared-types';
import { openLocalBackend, type LocalBackend } from '../src/index.ts';
import { makeJob, makeTempDir } from './helpers.ts';

test('the database is in WAL mode with the schema, and opening it again is harmless', async (t) => {
  const { dir, cleanup } = await makeTempDir();
  t.after(cleanup);
  await (await openLocalBackend({ dataDir: dir })).close();
  const backend = await openLocalBackend({ dataDir: dir });
  t.after(() => backend.close());
  const raw = createClient({ url: `file:${join(dir, 'stereo-spot.db')}` });
  t.after(() => raw.close());
  assert.equal((await raw.execute('PRAGMA journal_mode')).rows[0]?.journal_mode, 'wal');
  const tables = (await raw.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).rows.map((r) => r.name);
  for (const name of ['jobs', 'queue_messages', 'reassembly_triggered', 'segment_completions']) assert.ok(tables.includes(name), name);
});

test('two backends on one data dir in one process write concurrently without waiting on each other', async (t) => {
  const { dir, cleanup } = await makeTempDir();
  t.after(cleanup);
  const [a, b] = await Promise.all([openLocalBackend({ dataDir: dir, busyTimeoutMs: 2000 }), openLocalBackend({ dataDir: dir, busyTimeoutMs: 2000 })]);
  t.after(() => Promise.all([a.close(), b.close()]));
  const job = makeJob({ status: 'chunking_in_progress' });
  await a.jobs.create(job);
  const start = Date.now();
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'chunking_complete', patch: { total_segments: 3 } })),
  );
  await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).queues.chunking.send({ body: String(i) })));
  // Transactions of both interleave in one event loop: a lock per client would block one on the other.
  const acquired = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).lock.tryAcquire({ jobId: job.job_id, owner: String(i), leaseSec: 60 })));
  const received = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).queues.chunking.receive({ maxMessages: 2, waitSeconds: 0, visibilityTimeoutSec: 60 })));
  assert.equal(acquired.filter(Boolean).length, 1);
  assert.equal(new Set(received.flat().map((m) => m.id)).size, 20);
  assert.equal(results.filter((r) => r.applied).length, 1);
  assert.ok(Date.now() - start < 1000, `took ${Date.now() - start} ms`);
  assert.deepEqual(await a.queues.chunking.approximateCount(), { visible: 0, inFlight: 20 });
});

/** A backend with a 100-ms busy timeout, and another connection to its database (standing in for another process). */
async function backendBesideAnotherWriter(t: TestContext): Promise<{ backend: LocalBackend; other: Client }> {
  const { dir, cleanup } = await makeTempDir();
  t.after(cleanup);
  const backend = await openLocalBackend({ dataDir: dir, busyTimeoutMs: 100 });
  t.after(() => backend.close());
  const other = createClient({ url: `file:${join(dir, 'stereo-spot.db')}` });
  t.after(() => other.close());
  return { backend, other };
}

test('a write that cannot get the lock in time fails with TransientStorageError', async (t) => {
  const { backend, other } = await backendBesideAnotherWriter(t);
  // The other writer holds the write lock.
  const tx = await other.transaction('write');
  try {
    await assert.rejects(backend.jobs.create(makeJob()), TransientStorageError);
    await assert.rejects(backend.queues.chunking.send({ body: 'x' }), TransientStorageError);
  } finally {
    await tx.rollback();
  }
  await backend.queues.chunking.send({ body: 'x' });
  assert.equal((await backend.queues.chunking.approximateCount()).visible, 1);
});

test('after writes that found the database locked, reads still see what others write since (no frozen snapshot)', async (t) => {
  const { backend, other } = await backendBesideAnotherWriter(t);
  // The other process holds the write lock for a while, then writes.
  for (let round = 1; round <= 3; round++) {
    const tx = await other.transaction('write');
    await assert.rejects(backend.queues.chunking.send({ body: 'mine' }), TransientStorageError);
    await tx.commit();
    await other.execute({ sql: 'INSERT INTO queue_messages (id, queue, body, sent_at, visible_at, receive_count) VALUES (?, ?, ?, ?, ?, 0)', args: [`m${round}`, 'chunking', `theirs ${round}`, Date.now(), Date.now()] });
    const [message] = await backend.queues.chunking.receive({ maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 60 });
    assert.equal(message?.body, `theirs ${round}`, `round ${round}: the message written by the other process is seen`);
  }
});
