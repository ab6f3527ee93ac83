import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { awsConfigToEnv } from '@stereo-spot/aws-adapters';
import { buildFinalKey } from '@stereo-spot/shared-types';
import { killChunkingOnEveryDelivery, redriveToDeadLetterQueue } from '../../../cli/test/integration/dead-letter-scenario.ts';
import { submitJob, waitForStatus } from '../../../cli/test/integration/operator-scenarios.ts';
import { runCli } from '../../../cli/test/integration/run-cli.ts';
import { withCliWorker } from '../../../cli/test/integration/with-cli-worker.ts';
import type { AwsPipeline } from '../../src/index.ts';
import { startOperatorStack, type OperatorStack } from './operator-stack.ts';

// `stereo-spot dlq …` run with STORAGE_ADAPTER=aws against the emulators (DynamoDB Local + fauxqs), with a message
// dead-lettered for real by SQS's redrive after a chunking worker died on each of its deliveries.
const MAX_RECEIVES = 2;

let stack: OperatorStack | undefined;
let pipeline: AwsPipeline;
let dir: string;
let clip: string;
before(async () => {
  stack = await startOperatorStack({ name: 'aws-dlq', clipSeconds: 2, pipeline: { maxReceiveCount: MAX_RECEIVES, tuning: { visibilityTimeoutSec: 2, waitSeconds: 1 } } });
  ({ pipeline, dir, clip } = stack);
});
after(() => stack?.stop());

const env = () => ({ ...awsConfigToEnv(pipeline.backend.config), METRICS_PORT: '0' });
const cli = (args: string[]) => runCli([...args, '--data-dir', join(dir, 'operator')], env());

async function deadLetteredJob(expectedInDlq: number): Promise<string> {
  const job = await submitJob({ backend: pipeline.backend, sourcePath: clip });
  // A short visibility timeout, so the message a killed worker held comes back soon.
  await killChunkingOnEveryDelivery({ jobId: job.job_id, times: MAX_RECEIVES, args: ['--data-dir', join(dir, 'killed')], env: { ...env(), STEREO_SPOT_VISIBILITY_TIMEOUT_SEC: '2' } });
  await redriveToDeadLetterQueue({ backend: pipeline.backend, queue: 'chunking', expected: expectedInDlq });
  return job.job_id;
}

async function withWorker(work: () => Promise<unknown>): Promise<void> {
  await withCliWorker({ dataDir: join(dir, 'worker'), env: env() }, work);
  // fauxqs keeps a stopped client's long poll (1 s here) and would hand it the next message, a delivery lost
  // to a process that is gone: let it run out first.
  await sleep(1500);
}

test('aws dlq: list, show, replay skips a failed job\'s message with the retry hint and replays an active one, which completes; purge', async () => {
  const { backend } = pipeline;
  const failedJob = await deadLetteredJob(1);
  await withWorker(() => waitForStatus({ backend, jobId: failedJob, status: 'failed' }));
  const activeJob = await deadLetteredJob(2);
  assert.equal((await backend.jobs.get(activeJob))?.status, 'chunking_in_progress');

  const list = await cli(['dlq', 'list', '--json']);
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual((JSON.parse(list.stdout) as { queues: Array<{ queue: string; count: number }> }).queues, [
    { queue: 'chunking', count: 2 },
    { queue: 'video-worker', count: 0 },
    { queue: 'reassembly', count: 0 },
  ]);

  const shown = await cli(['dlq', 'show', 'chunking', '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  const { messages } = JSON.parse(shown.stdout) as { messages: Array<{ id: string; job_id: string; job_status: string; receive_count: number }> };
  const byJob = new Map(messages.map((message) => [message.job_id, message]));
  assert.equal(byJob.get(failedJob)?.job_status, 'failed');
  assert.equal(byJob.get(activeJob)?.job_status, 'chunking_in_progress');
  assert.ok((byJob.get(activeJob)?.receive_count ?? 0) >= MAX_RECEIVES, 'SQS counts the deliveries before the move');
  assert.equal(await backend.deadLetterQueue('chunking').count(), 2, 'showing took nothing');

  const refused = await cli(['dlq', 'replay', 'chunking', '--all']);
  assert.equal(refused.code, 2);
  const replay = await cli(['dlq', 'replay', 'chunking', '--all', '--yes']);
  assert.equal(replay.code, 0, replay.stderr);
  assert.match(replay.stdout, new RegExp(`replayed 1, skipped 1 \\(job failed: purge it, then use stereo-spot jobs retry ${failedJob}\\), not found 0`));
  assert.equal(await backend.deadLetterQueue('chunking').count(), 1);
  await withWorker(() => waitForStatus({ backend, jobId: activeJob, status: 'completed' }));
  assert.equal(await backend.storage.exists({ bucket: 'output', key: buildFinalKey({ jobId: activeJob }) }), true);

  const purge = await cli(['dlq', 'purge', 'chunking', '--message-id', byJob.get(failedJob)!.id, '--yes']);
  assert.equal(purge.code, 0, purge.stderr);
  assert.match(purge.stdout, /purged 1, not found 0/);
  assert.equal(await backend.deadLetterQueue('chunking').count(), 0);

  const badQueue = await cli(['dlq', 'list', 'extra']);
  assert.equal(badQueue.code, 2);
  const unknownQueue = await cli(['dlq', 'purge', 'dead', '--all', '--yes']);
  assert.equal(unknownQueue.code, 2);
  assert.match(unknownQueue.stderr, /chunking, video-worker, reassembly/);
});
