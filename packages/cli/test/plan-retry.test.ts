import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGES, UsageError, type Stage } from '@stereo-spot/shared-types';
import { newJob } from '@stereo-spot/test-kit';
import { planRetry } from '../src/operations/plan-retry.ts';

const failedAt = (stage: Stage, totalSegments?: number) =>
  newJob({ status: 'failed', error: { stage, message: 'boom' }, ...(totalSegments === undefined ? {} : { total_segments: totalSegments }) });

test('a failed job is retried from the stage that failed, back to the status that stage starts from', () => {
  const expected: Record<Stage, { stage: Stage; to: string }> = {
    chunking: { stage: 'chunking', to: 'created' },
    video: { stage: 'video', to: 'chunking_complete' },
    reassembly: { stage: 'reassembly', to: 'chunking_complete' },
  };
  for (const stage of STAGES) {
    const plan = planRetry(failedAt(stage, 3));
    assert.deepEqual({ stage: plan.stage, to: plan.to }, expected[stage], stage);
    assert.ok(plan.steps.length > 0);
  }
  assert.match(planRetry(failedAt('reassembly', 3)).steps.join(' '), /ReassemblyTriggered/);
});

test('a job that failed before chunking ended (no total_segments) is chunked again', () => {
  for (const stage of ['video', 'reassembly'] as const) {
    const plan = planRetry(failedAt(stage));
    assert.equal(plan.stage, 'chunking');
    assert.equal(plan.to, 'created');
  }
});

test('only a failed job with a recorded stage can be retried', () => {
  for (const status of ['created', 'chunking_in_progress', 'chunking_complete', 'completed', 'cancelled'] as const) {
    assert.throws(() => planRetry(newJob({ status })), (error: unknown) => error instanceof UsageError && error.message.includes(`is ${status}`));
  }
  assert.throws(() => planRetry(newJob({ status: 'failed' })), UsageError);
});
