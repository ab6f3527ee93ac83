import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConflictError, UsageError } from '@stereo-spot/shared-types';
import type { Job } from '@stereo-spot/shared-types';
import { makeJob, openTempBackend, sleep } from './helpers.ts';

test('create then get returns the job; creating the same id again is a conflict', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const job = makeJob();
  await backend.jobs.create(job);
  assert.deepEqual(await backend.jobs.get(job.job_id), job);
  await assert.rejects(backend.jobs.create({ ...job, format: 'tb-full' }), ConflictError);
  assert.equal((await backend.jobs.get(job.job_id))?.format, 'sbs-full');
  assert.equal(await backend.jobs.get(randomUUID()), undefined);
});

test('transition applies only from the listed statuses, merges the patch and sets updated_at', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const job = makeJob({ created_at: 1000, updated_at: 1000 });
  await backend.jobs.create(job);

  const moved = await backend.jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_in_progress' });
  assert.equal(moved.applied, true);
  assert.ok(moved.applied && moved.job.status === 'chunking_in_progress' && moved.job.updated_at > 1000);

  const backwards = await backend.jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_in_progress' });
  assert.equal(backwards.applied, false);
  assert.equal(!backwards.applied && backwards.current?.status, 'chunking_in_progress');

  const done = await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'chunking_complete', patch: { total_segments: 7 } });
  assert.ok(done.applied);
  const stored = await backend.jobs.get(job.job_id);
  assert.equal(stored?.status, 'chunking_complete');
  assert.equal(stored?.total_segments, 7);
  assert.equal(stored?.format, job.format);
  assert.deepEqual(stored?.options, job.options);

  // A patch replaces an object field whole instead of merging into it.
  await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_complete'], to: 'failed', patch: { error: { stage: 'video', message: 'first' } } });
  const failed = await backend.jobs.transition({ jobId: job.job_id, from: ['failed'], to: 'failed', patch: { error: { stage: 'reassembly', message: 'second' } } });
  assert.ok(failed.applied);
  assert.deepEqual((await backend.jobs.get(job.job_id))?.error, { stage: 'reassembly', message: 'second' });

  const missing = await backend.jobs.transition({ jobId: randomUUID(), from: ['created'], to: 'failed' });
  assert.deepEqual(missing, { applied: false, current: undefined });
});

test('transition to completed sets completed_at when the patch does not', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const job = makeJob({ status: 'chunking_complete' });
  await backend.jobs.create(job);
  const before = Date.now();
  const result = await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_complete'], to: 'completed' });
  assert.ok(result.applied);
  assert.ok((result.job.completed_at ?? 0) >= before);
  assert.deepEqual((await backend.jobs.listCompleted({ limit: 5 })).jobs.map((j) => j.job_id), [job.job_id]);
});

test('10 concurrent transitions from the same status: exactly one applies', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const job = makeJob({ status: 'chunking_in_progress' });
  await backend.jobs.create(job);
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      backend.jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'chunking_complete', patch: { total_segments: i + 1 } }),
    ),
  );
  const applied = results.filter((r) => r.applied);
  assert.equal(applied.length, 1);
  const winner = applied[0];
  assert.ok(winner?.applied);
  assert.equal((await backend.jobs.get(job.job_id))?.total_segments, winner.job.total_segments);
  for (const r of results.filter((r) => !r.applied)) assert.equal(!r.applied && r.current?.status, 'chunking_complete');
});

test('listCompleted pages newest first, ties broken by job id, stable when jobs complete meanwhile', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const jobs: Job[] = [];
  for (let i = 0; i < 25; i += 1) {
    // Jobs complete in pairs sharing a completed_at, to exercise the tie-break.
    const job = makeJob({ status: 'completed', completed_at: 10_000 + Math.floor(i / 2) * 10 });
    jobs.push(job);
    await backend.jobs.create(job);
  }
  await backend.jobs.create(makeJob({ status: 'chunking_complete' }));
  const expected = [...jobs].sort((a, b) => (b.completed_at ?? 0) - (a.completed_at ?? 0) || (a.job_id < b.job_id ? 1 : -1)).map((j) => j.job_id);

  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await backend.jobs.listCompleted({ limit: 10, ...(cursor ? { cursor } : {}) });
    seen.push(...page.jobs.map((j) => j.job_id));
    cursor = page.nextCursor;
    pages += 1;
    if (pages === 1) {
      // A job completing after the first page is newer: it must not shift or repeat what follows.
      await backend.jobs.create(makeJob({ status: 'completed', completed_at: Date.now() }));
    }
  } while (cursor);
  assert.equal(pages, 3);
  assert.deepEqual(seen, expected);
  await assert.rejects(backend.jobs.listCompleted({ limit: 10, cursor: 'not-a-cursor' }), UsageError);
});

test('updated_at moves on every applied transition', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const job = makeJob({ updated_at: 1 });
  await backend.jobs.create(job);
  const a = await backend.jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_in_progress' });
  await sleep(5);
  const b = await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'chunking_complete', patch: { total_segments: 1 } });
  assert.ok(a.applied && b.applied && b.job.updated_at > a.job.updated_at && a.job.updated_at > 1);
});
