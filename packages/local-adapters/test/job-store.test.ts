// The JobStore behaviour shared with the AWS adapters is in the port contract suite (port-contract.test.ts);
// these are the embedded store's own promises (ties in completed_at broken by job id).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '@stereo-spot/shared-types';
import type { Job } from '@stereo-spot/shared-types';
import { makeJob, openTempBackend, sleep } from './helpers.ts';

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
