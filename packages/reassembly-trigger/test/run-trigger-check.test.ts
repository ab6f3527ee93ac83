import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LocalBackend } from '@stereo-spot/local-adapters';
import { newJob, withTempBackend } from '@stereo-spot/test-kit';
import { parseReassemblyPayload, silentLogger, type Job } from '@stereo-spot/shared-types';
import { runTriggerCheck } from '../src/index.ts';

function withJob(run: (backend: LocalBackend, job: Job) => Promise<void>): Promise<void> {
  return withTempBackend(async ({ backend }) => {
    const job = newJob({ status: 'chunking_in_progress' });
    await backend.jobs.create(job);
    await run(backend, job);
  });
}

const check = (backend: LocalBackend, jobId: string, resendAfterMs?: number) =>
  runTriggerCheck({ jobId, jobs: backend.jobs, completions: backend.completions, lock: backend.lock, reassemblyQueue: backend.queues.reassembly, logger: silentLogger(), resendAfterMs });

async function complete(backend: LocalBackend, jobId: string, index: number, total: number) {
  await backend.completions.put({ job_id: jobId, segment_index: index, output_s3_uri: `s3://output/jobs/${jobId}/segments/${index}.mp4`, completed_at: Date.now(), total_segments: total });
}

async function drain(backend: LocalBackend): Promise<string[]> {
  const messages = await backend.queues.reassembly.receive({ maxMessages: 10, waitSeconds: 0, visibilityTimeoutSec: 30 });
  return messages.map((message) => parseReassemblyPayload(message.body).job_id);
}

test('fires once, only when chunking is complete and every segment is done', async () => {
  await withJob(async (backend, job) => {
    assert.equal(await check(backend, randomUUID()), 'job-not-found');
    await complete(backend, job.job_id, 0, 2);
    await complete(backend, job.job_id, 1, 2);
    assert.equal(await check(backend, job.job_id), 'not-chunked-yet', 'all segments done but chunking not recorded: the race');
    await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'chunking_complete', patch: { total_segments: 3 } });
    assert.equal(await check(backend, job.job_id), 'segments-pending');
    await complete(backend, job.job_id, 1, 3); // a duplicate completion does not count twice
    assert.equal(await check(backend, job.job_id), 'segments-pending');
    await complete(backend, job.job_id, 2, 3);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => check(backend, job.job_id)));
    assert.equal(outcomes.filter((outcome) => outcome === 'triggered').length, 1);
    assert.equal(outcomes.filter((outcome) => outcome === 'already-triggered').length, 9);
    assert.deepEqual(await drain(backend), [job.job_id]);
  });
});

test('a trigger whose message was lost (sender died) is sent again once stale, never while a reassembly runs', async () => {
  await withJob(async (backend, job) => {
    await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'chunking_complete', patch: { total_segments: 1 } });
    await complete(backend, job.job_id, 0, 1);
    assert.equal(await backend.lock.tryCreate({ jobId: job.job_id, ttlSec: 3600 }), true, 'the winner created the record, then died before sending');
    assert.equal(await check(backend, job.job_id), 'already-triggered', 'fresh: the winner may still send');
    assert.equal(await check(backend, job.job_id, 0), 'triggered', 'stale and never started: sent again');
    assert.deepEqual(await drain(backend), [job.job_id]);
    await backend.lock.tryAcquire({ jobId: job.job_id, owner: 'worker', leaseSec: 60 });
    assert.equal(await check(backend, job.job_id, 0), 'already-triggered', 'a reassembly started: nothing more to send');
  });
});
