import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { newJob, withTempBackend } from '@stereo-spot/test-kit';
import { ACTIVE_JOB_STATUSES, createLogger, InvalidInputError, type Job, type JobStatus } from '@stereo-spot/shared-types';
import type { LocalBackend } from '@stereo-spot/local-adapters';
import { createWorkerMetrics, QueueWorker, WorkerHealth, type MessageHandler, type QueueTuning, type WorkerMetrics } from '../src/index.ts';

const TUNING: QueueTuning = { visibilityTimeoutSec: 30, waitSeconds: 0.2, retryBaseSec: 0, retryMaxSec: 0, jobWatchSec: 0.2 };

interface Harness {
  backend: LocalBackend;
  job: Job;
  metrics: WorkerMetrics;
  lines: () => Array<Record<string, unknown>>;
  /** A video loop whose handler is `handle`, about segment 3 of `job`. */
  start(handle: MessageHandler['handle']): QueueWorker;
  endJob(status: JobStatus): Promise<void>;
}

function withHarness(run: (harness: Harness) => Promise<void>): Promise<void> {
  return withTempBackend(async ({ backend }) => {
    const job = newJob({ status: 'chunking_complete', total_segments: 5 });
    await backend.jobs.create(job);
    const written: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger({ name: 'test', destination, level: 'debug' });
    const metrics = createWorkerMetrics({ registry: new Registry() });
    await run({
      backend,
      job,
      metrics,
      lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
      start: (handle) =>
        new QueueWorker({
          queue: backend.queues['video-worker'],
          handler: { stage: 'video', subjectOf: () => ({ jobId: job.job_id, segmentIndex: 3 }), handle },
          jobs: backend.jobs,
          logger,
          metrics,
          health: new WorkerHealth(),
          tuning: TUNING,
        }).start(),
      async endJob(status) {
        const result = await backend.jobs.transition({ jobId: job.job_id, from: ACTIVE_JOB_STATUSES, to: status });
        assert.ok(result.applied);
      },
    });
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, 'condition not reached in time');
    await sleep(20);
  }
}

/** Work that runs until its signal aborts, as a conversion does, then fails the way an aborted ffmpeg does. */
function longWork(state: { started: boolean; abortedAt?: number; attempts: number }): MessageHandler['handle'] {
  return async ({ signal }) => {
    state.attempts++;
    state.started = true;
    await sleep(60_000, undefined, { signal }).catch((error: unknown) => {
      state.abortedAt = Date.now();
      throw error;
    });
  };
}

test('a job cancelled while its segment converts: the work is aborted within the watch interval, the message dropped, not retried nor failed', async () => {
  await withHarness(async ({ backend, job, metrics, lines, start, endJob }) => {
    const queue = backend.queues['video-worker'];
    const state = { started: false, attempts: 0 } as { started: boolean; abortedAt?: number; attempts: number };
    const worker = start(longWork(state));
    await queue.send({ body: 'segment 3' });
    await until(() => state.started);
    const cancelledAt = Date.now();
    await endJob('cancelled');
    await until(async () => (await queue.approximateCount()).inFlight === 0);
    assert.ok(state.abortedAt !== undefined && state.abortedAt - cancelledAt < 2000, `aborted ${(state.abortedAt ?? NaN) - cancelledAt} ms after the cancel`);

    // The loop is free for the next message.
    await queue.send({ body: 'next' });
    await until(() => state.attempts === 2);
    await worker.stop({ graceMs: 0 });

    assert.equal((await backend.jobs.get(job.job_id))?.status, 'cancelled', 'not overwritten by a failure');
    const dropped = lines().find((line) => line.msg === 'job cancelled; conversion stopped');
    assert.ok(dropped, JSON.stringify(lines()));
    assert.equal(dropped.job_id, job.job_id);
    assert.equal(dropped.segment_index, 3);
    assert.equal(dropped.status, 'cancelled');
    assert.ok(!lines().some((line) => /retryable failure|permanent failure|job failed/.test(String(line.msg))), 'no failure or retry logged');
    const counted = (await metrics.messages.get()).values.filter((value) => value.value > 0).map((value) => value.labels.outcome);
    // The next message (the same job's, here) is released or dropped by the stop, depending on whether the watch
    // looked first; none is a failure or a retry.
    assert.ok(counted.includes('dropped'), counted.join());
    assert.deepEqual(counted.filter((outcome) => outcome !== 'dropped' && outcome !== 'released'), []);
  });
});

test('a job failed by another message: a handler that then fails permanently does not fail it again, and a stopping worker drops rather than releases its message', async () => {
  await withHarness(async ({ backend, job, lines, start, endJob }) => {
    const queue = backend.queues['video-worker'];
    let started = false;
    const worker = start(async ({ signal }) => {
      started = true;
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      // Whatever the work throws once its job ended, the job's end decides.
      throw new InvalidInputError('ffmpeg exited with code 255');
    });
    await queue.send({ body: 'segment 3' });
    await until(() => started);
    const stopping = worker.stop({ graceMs: 30_000 });
    await endJob('failed');
    await stopping;
    assert.deepEqual(await queue.approximateCount(), { visible: 0, inFlight: 0 }, 'deleted, not released for another worker');
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'failed');
    assert.equal((await backend.jobs.get(job.job_id))?.error, undefined, 'no failure reason added by this message');
    assert.ok(lines().some((line) => line.msg === 'job failed; conversion stopped'));
  });
});

test('work that fails right after its job was cancelled, before the next look: dropped quietly, not reported as a failure', async () => {
  await withHarness(async ({ backend, job, lines, start, endJob }) => {
    const queue = backend.queues['video-worker'];
    let attempts = 0;
    const worker = start(async () => {
      attempts++;
      // The cancel lands while the work runs, and the work fails from it (its files deleted, say) at once.
      await endJob('cancelled');
      throw new InvalidInputError('the segment file disappeared');
    });
    await queue.send({ body: 'segment 3' });
    await until(async () => attempts === 1 && (await queue.approximateCount()).inFlight === 0);
    await worker.stop();
    assert.deepEqual(await queue.approximateCount(), { visible: 0, inFlight: 0 });
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'cancelled');
    assert.ok(lines().some((line) => line.msg === 'job cancelled; conversion stopped'));
    assert.ok(!lines().some((line) => /permanent failure|job not marked failed/.test(String(line.msg))), JSON.stringify(lines()));
  });
});
