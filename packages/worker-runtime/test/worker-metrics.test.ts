import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { newJob, withTempBackend } from '@stereo-spot/test-kit';
import { InvalidInputError, RetryableError, silentLogger } from '@stereo-spot/shared-types';
import { createWorkerMetrics, QueueWorker, type MessageHandler } from '../src/index.ts';

interface Series {
  labels: Partial<Record<string, string | number>>;
  value: number;
  metricName?: string;
}

/** The value of one series of a counter, or the sample count of a histogram's series. */
async function valueOf(metric: { get(): Promise<{ values: Series[] }> }, labels: Record<string, string>): Promise<number> {
  const { values } = await metric.get();
  const series = values.find(
    (value) => (value.metricName === undefined || value.metricName.endsWith('_count')) && Object.entries(labels).every(([name, wanted]) => value.labels[name] === wanted),
  );
  return series?.value ?? 0;
}

test('the queue loop counts ok, failed, retried and dead-lettered messages, with their wait and handler times', async () => {
  await withTempBackend(async ({ backend }) => {
    const metrics = createWorkerMetrics({ registry: new Registry() });
    const jobs = { ok: newJob({ status: 'chunking_in_progress' }), bad: newJob({ status: 'chunking_in_progress' }), flaky: newJob({ status: 'chunking_in_progress' }), doomed: newJob({ status: 'chunking_in_progress' }) };
    for (const job of Object.values(jobs)) await backend.jobs.create(job);
    const handled: string[] = [];
    const handler: MessageHandler = {
      stage: 'chunking',
      subjectOf: (body) => ({ jobId: jobs[body as keyof typeof jobs].job_id }),
      async handle({ message }) {
        handled.push(`${message.body}#${message.receiveCount}`);
        if (message.body === 'bad') throw new InvalidInputError('not a video');
        if (message.body === 'doomed') throw new RetryableError('storage down');
        if (message.body === 'flaky' && message.receiveCount === 1) throw new RetryableError('hiccup');
      },
    };
    const queue = backend.queues.chunking;
    for (const body of Object.keys(jobs)) await queue.send({ body });
    await sleep(50); // a measurable wait in the queue
    const worker = new QueueWorker({ queue, handler, jobs: backend.jobs, logger: silentLogger(), metrics, tuning: { visibilityTimeoutSec: 1, waitSeconds: 0.1, retryBaseSec: 0, retryMaxSec: 0 } }).start();
    const deadline = Date.now() + 10_000;
    while ((await backend.deadLetterQueue('chunking').approximateCount()).visible < 1 || !handled.includes('flaky#2')) {
      assert.ok(Date.now() < deadline, `not settled in time: ${handled.join(' ')}`);
      await sleep(25);
    }
    await worker.stop();

    assert.equal(await valueOf(metrics.messages, { stage: 'chunking', outcome: 'ok' }), 2, 'ok, and flaky on its second delivery');
    assert.equal(await valueOf(metrics.messages, { stage: 'chunking', outcome: 'failed' }), 1, 'bad: a permanent failure');
    assert.equal(await valueOf(metrics.messages, { stage: 'chunking', outcome: 'retried' }), 2, 'flaky once, doomed once');
    assert.equal(await valueOf(metrics.messages, { stage: 'chunking', outcome: 'dead_lettered' }), 1, 'doomed on its last allowed delivery');
    assert.equal(await valueOf(metrics.handlerDuration, { stage: 'chunking', outcome: 'ok' }), 2, 'one handler time per ok message');

    const wait = (await metrics.queueWait.get()).values;
    assert.equal(wait.find((value) => value.metricName === 'stereo_spot_queue_wait_seconds_count' && value.labels.queue === 'chunking')?.value, 4, 'first deliveries only');
    const waited = wait.find((value) => value.metricName === 'stereo_spot_queue_wait_seconds_sum')?.value ?? 0;
    assert.ok(waited >= 4 * 0.04, `every message waited about 50 ms: ${waited}`);
    const text = await metrics.registry.metrics();
    assert.match(text, /stereo_spot_messages_total\{stage="chunking",outcome="ok"\} 2/);
  }, { maxReceiveCount: 2 });
});

test('metrics created twice on one registry are the same metrics (several loops, one process)', () => {
  const registry = new Registry();
  const first = createWorkerMetrics({ registry });
  const second = createWorkerMetrics({ registry });
  assert.equal(first.messages, second.messages);
  assert.equal(first.segmentConversion, second.segmentConversion);
});
