import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { newJob, withTempBackend } from '@stereo-spot/test-kit';
import { createLogger, InvalidInputError, withLogFields } from '@stereo-spot/shared-types';
import { createWorkerMetrics, QueueWorker, WorkerHealth, type MessageHandler } from '../src/index.ts';

test('every line about a message carries job_id, segment_index and stage, each once', async () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  await withTempBackend(async ({ backend }) => {
    const job = newJob({ status: 'chunking_complete', total_segments: 4 });
    await backend.jobs.create(job);
    const handler: MessageHandler = {
      stage: 'video',
      subjectOf: () => ({ jobId: job.job_id, segmentIndex: 2 }),
      async handle({ logger }) {
        // As the handlers do: adding what they know is harmless when the loop bound it already.
        withLogFields(logger, { job_id: job.job_id, segment_index: 2 }).info('converting');
        throw new InvalidInputError('not a video');
      },
    };
    const logger = createLogger({ name: 'test', destination, level: 'debug' });
    const worker = new QueueWorker({ queue: backend.queues['video-worker'], handler, jobs: backend.jobs, logger, metrics: createWorkerMetrics({ registry: new Registry() }), health: new WorkerHealth(), tuning: { waitSeconds: 0.1 } }).start();
    await backend.queues['video-worker'].send({ body: 'segment' });
    const deadline = Date.now() + 10_000;
    while ((await backend.jobs.get(job.job_id))?.status !== 'failed') {
      assert.ok(Date.now() < deadline);
      await sleep(25);
    }
    await worker.stop();
  });
  const about = lines.filter((line) => line.includes('"job_id"'));
  assert.deepEqual(about.map((line) => JSON.parse(line).msg), ['converting', 'permanent failure', 'job failed']);
  for (const line of about) {
    for (const key of ['job_id', 'segment_index', 'stage']) assert.equal(line.split(`"${key}":`).length - 1, 1, `${key} once in ${line}`);
    assert.equal(JSON.parse(line).stage, 'video');
  }
});
