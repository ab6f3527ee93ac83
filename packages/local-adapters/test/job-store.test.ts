// The JobStore behaviour shared with the AWS adapters is in the port contract suite (port-contract.test.ts);
// these are the embedded store's own promises (ties in completed_at broken by job id).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '@stereo-spot/shared-types';
import { makeJob, openTempBackend, sleep } from './helpers.ts';

test('listCompleted breaks ties in completed_at by job id, also across a page boundary', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const jobs: Job[] = [];
  for (let i = 0; i < 9; i += 1) {
    // Jobs complete in threes sharing a completed_at; pages of 2 split every tie.
    const job = makeJob({ status: 'completed', completed_at: 10_000 + Math.floor(i / 3) * 10 });
    jobs.push(job);
    await backend.jobs.create(job);
  }
  const expected = [...jobs].sort((a, b) => (b.completed_at ?? 0) - (a.completed_at ?? 0) || (a.job_id < b.job_id ? 1 : -1)).map((j) => j.job_id);
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await backend.jobs.listCompleted({ limit: 2, ...(cursor ? { cursor } : {}) });
    seen.push(...page.jobs.map((j) => j.job_id));
    cursor = page.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, expected);
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
