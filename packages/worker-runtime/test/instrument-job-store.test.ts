import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { newJob, withTempBackend } from '@stereo-spot/test-kit';
import { createWorkerMetrics, instrumentJobStore } from '../src/index.ts';

test('the instrumented job store counts creations and applied transitions by new status, and nothing else', async () => {
  await withTempBackend(async ({ backend }) => {
    const metrics = createWorkerMetrics({ registry: new Registry() });
    const jobs = instrumentJobStore({ jobs: backend.jobs, metrics });
    const job = newJob();
    await jobs.create(job);
    assert.equal((await jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_in_progress' })).applied, true);
    assert.equal((await jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_in_progress' })).applied, false, 'a duplicate: condition fails');
    await jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'failed', patch: { error: { stage: 'chunking', message: 'x' } } });
    assert.equal((await jobs.get(job.job_id))?.status, 'failed', 'reads pass through');
    assert.equal((await jobs.listCompleted({ limit: 5 })).jobs.length, 0);

    const counts = Object.fromEntries((await metrics.jobTransitions.get()).values.map((value) => [value.labels.status, value.value]));
    assert.deepEqual(counts, { created: 1, chunking_in_progress: 1, failed: 1 });
    await assert.rejects(jobs.create(job), 'a conflicting create throws');
    assert.equal((await metrics.jobTransitions.get()).values.find((value) => value.labels.status === 'created')?.value, 1, 'and is not counted');
  });
});
