import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalBackend } from '@stereo-spot/local-adapters';
import { newJob, withTempBackend } from '@stereo-spot/test-kit';
import { InvalidInputError, RetryableError, silentLogger, type Job } from '@stereo-spot/shared-types';
import { QueueWorker, type MessageHandler, type QueueTuning } from '../src/index.ts';

const FAST: QueueTuning = { visibilityTimeoutSec: 1, waitSeconds: 0.2, retryBaseSec: 0, retryMaxSec: 0 };

function withBackend(run: (backend: LocalBackend, job: Job) => Promise<void>, maxReceiveCount = 3): Promise<void> {
  return withTempBackend(async ({ backend }) => {
    const job = newJob({ status: 'chunking_in_progress' });
    await backend.jobs.create(job);
    await run(backend, job);
  }, { maxReceiveCount });
}

/** A started consumer of the chunking queue whose handler is `handle`, about `job`. */
function startWorker({ backend, job, handle, tuning = FAST }: { backend: LocalBackend; job: Job; handle: MessageHandler['handle']; tuning?: QueueTuning }): QueueWorker {
  const handler: MessageHandler = { stage: 'chunking', subjectOf: () => ({ jobId: job.job_id }), handle };
  return new QueueWorker({ queue: backend.queues.chunking, jobs: backend.jobs, logger: silentLogger(), tuning, handler }).start();
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, 'condition not reached in time');
    await sleep(25);
  }
}

test('success deletes the message', async () => {
  await withBackend(async (backend, job) => {
    const queue = backend.queues.chunking;
    let handled = 0;
    const worker = startWorker({ backend, job, handle: async () => void handled++ });
    await queue.send({ body: 'x' });
    await until(async () => handled === 1);
    await worker.stop();
    assert.deepEqual(await queue.approximateCount(), { visible: 0, inFlight: 0 });
  });
});

test('a permanent error fails the job with its message and removes the message, without retry', async () => {
  await withBackend(async (backend, job) => {
    const queue = backend.queues.chunking;
    let attempts = 0;
    const worker = startWorker({
      backend,
      job,
      handle: async () => {
        attempts++;
        throw new InvalidInputError('the file is not a video');
      },
    });
    await queue.send({ body: 'x' });
    await until(async () => (await backend.jobs.get(job.job_id))?.status === 'failed');
    await sleep(300);
    await worker.stop();
    assert.equal(attempts, 1);
    assert.deepEqual((await backend.jobs.get(job.job_id))?.error, { stage: 'chunking', message: 'the file is not a video' });
    assert.deepEqual(await queue.approximateCount(), { visible: 0, inFlight: 0 });
    assert.deepEqual(await backend.deadLetterQueue('chunking').approximateCount(), { visible: 0, inFlight: 0 });
  });
});

test('a retryable error is retried, and success on a later attempt completes normally', async () => {
  await withBackend(async (backend, job) => {
    const queue = backend.queues.chunking;
    const attempts: number[] = [];
    const worker = startWorker({
      backend,
      job,
      handle: async ({ message }) => {
        attempts.push(message.receiveCount);
        if (message.receiveCount < 3) throw new Error('storage hiccup');
      },
    });
    await queue.send({ body: 'x' });
    await until(async () => attempts.length === 3 && (await queue.approximateCount()).inFlight === 0);
    await worker.stop();
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_in_progress', 'job untouched');
  });
});

test('the last allowed receive fails the job and leaves the message to the dead-letter queue', async () => {
  await withBackend(async (backend, job) => {
    const queue = backend.queues.chunking;
    let attempts = 0;
    const worker = startWorker({
      backend,
      job,
      handle: async () => {
        attempts++;
        throw new RetryableError('storage unavailable');
      },
    });
    await queue.send({ body: 'x' });
    await until(async () => (await backend.deadLetterQueue('chunking').approximateCount()).visible === 1);
    await worker.stop();
    assert.equal(attempts, 2);
    const failed = await backend.jobs.get(job.job_id);
    assert.equal(failed?.status, 'failed');
    assert.deepEqual(failed?.error, { stage: 'chunking', message: 'gave up after 2 attempts: storage unavailable' });
  }, 2);
});

test('the heartbeat keeps a long job invisible well past the visibility timeout', async () => {
  await withBackend(async (backend, job) => {
    const queue = backend.queues.chunking;
    const receives: number[] = [];
    const workers = [0, 1].map(() =>
      startWorker({
        backend,
        job,
        handle: async ({ message }) => {
          receives.push(message.receiveCount);
          await sleep(3000); // three visibility timeouts
        },
      }),
    );
    await queue.send({ body: 'x' });
    await until(async () => receives.length === 1 && (await queue.approximateCount()).inFlight === 0, 8000);
    await Promise.all(workers.map((worker) => worker.stop()));
    assert.deepEqual(receives, [1], 'received once: never visible to the second worker');
  });
});

test('stop(): no new receives; work that outlives the grace period is aborted and its message released at once', async () => {
  await withBackend(async (backend, job) => {
    const queue = backend.queues.chunking;
    let started = false;
    let aborted = false;
    const worker = startWorker({
      backend,
      job,
      tuning: { ...FAST, visibilityTimeoutSec: 30 },
      handle: async ({ signal }) => {
        started = true;
        await sleep(60_000, undefined, { signal }).catch((error: unknown) => {
          aborted = true;
          throw error;
        });
      },
    });
    await queue.send({ body: 'x' });
    await until(async () => started);
    const stopping = Date.now();
    await worker.stop({ graceMs: 200 });
    assert.ok(Date.now() - stopping < 2000, 'stopped promptly');
    assert.ok(aborted);
    assert.deepEqual(await queue.approximateCount(), { visible: 1, inFlight: 0 }, 'released for another worker');
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_in_progress', 'not counted as a failure');
  });
});

test('a message dead-lettered without a handled failure (its worker died on every delivery) fails its job, and stays in the dead-letter queue', async () => {
  await withBackend(async (backend, job) => {
    const queue = backend.queues.chunking;
    await queue.send({ body: 'x' });
    // Three deliveries that never finish: received, then the worker "dies" (the message times out).
    for (let i = 0; i < 3; i++) {
      assert.equal((await queue.receive({ maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 0 })).length, 1);
    }
    // The next receive moves it to the dead-letter queue (SQS redrive).
    assert.equal((await queue.receive({ maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 0 })).length, 0);
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_in_progress', 'nothing failed it yet');

    const handler: MessageHandler = { stage: 'chunking', subjectOf: () => ({ jobId: job.job_id }), handle: async () => assert.fail('not handled again') };
    const worker = new QueueWorker({ queue, deadLetters: backend.deadLetterQueue('chunking'), jobs: backend.jobs, logger: silentLogger(), tuning: FAST, handler }).start();
    await until(async () => (await backend.jobs.get(job.job_id))?.status === 'failed');
    await worker.stop();
    const failed = await backend.jobs.get(job.job_id);
    assert.equal(failed?.error?.stage, 'chunking');
    assert.match(failed?.error?.message ?? '', /dead-letter queue: delivered as often as allowed/);
    assert.deepEqual(await backend.deadLetterQueue('chunking').approximateCount(), { visible: 1, inFlight: 0 }, 'kept, in view, for an operator');
  });
});

test('the dead-letter watch reaches a new dead letter behind more older ones than one look returns', async () => {
  await withBackend(async (backend, job) => {
    const ended = newJob({ status: 'completed' });
    await backend.jobs.create(ended);
    const queue = backend.queues.chunking;
    // Eleven dead letters, the one of the active job sent last: a look returns at most ten.
    for (let i = 0; i < 10; i++) await queue.send({ body: ended.job_id });
    await sleep(5);
    await queue.send({ body: job.job_id });
    for (let i = 0; i < 11; i++) assert.equal((await queue.receive({ maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 0 })).length, 1);
    assert.equal((await queue.receive({ maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 0 })).length, 0, 'all moved to the dead-letter queue');
    assert.equal(await backend.deadLetterQueue('chunking').count(), 11);

    const handler: MessageHandler = { stage: 'chunking', subjectOf: (body) => ({ jobId: body }), handle: async () => assert.fail('not handled again') };
    const worker = new QueueWorker({ queue, deadLetters: backend.deadLetterQueue('chunking'), jobs: backend.jobs, logger: silentLogger(), tuning: FAST, handler }).start();
    try {
      await until(async () => (await backend.jobs.get(job.job_id))?.status === 'failed');
    } finally {
      await worker.stop();
    }
    assert.equal((await backend.jobs.get(ended.job_id))?.status, 'completed', 'an ended job is left as it is');
  }, 1);
});
