import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalBackend, type LocalBackend } from '@stereo-spot/local-adapters';
import { buildFinalKey } from '@stereo-spot/shared-types';
import { generateClip } from '@stereo-spot/test-kit';
import { killChunkingOnEveryDelivery, redriveToDeadLetterQueue } from './dead-letter-scenario.ts';
import { submitJob, waitForStatus } from './operator-scenarios.ts';
import { runCli } from './run-cli.ts';
import { withCliWorker } from './with-cli-worker.ts';

// `stereo-spot dlq …` through the real CLI on the embedded backend, with messages dead-lettered for real: a
// chunking worker killed on every delivery of its message.
const MAX_RECEIVES = 2;
const WORKER_ENV = { STEREO_SPOT_MAX_RECEIVE_COUNT: String(MAX_RECEIVES), METRICS_PORT: '0' };

let dir: string;
let dataDir: string;
let clip: string;
let backend: LocalBackend;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-dlq-'));
  dataDir = join(dir, 'data');
  clip = join(dir, 'clip.mp4');
  await generateClip({ path: clip, durationSec: 2, width: 160, height: 96, fps: 25, gop: 25, audioTracks: 1 });
  backend = await openLocalBackend({ dataDir, maxReceiveCount: MAX_RECEIVES });
});
after(async () => {
  await backend?.close();
  await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli([...args, '--data-dir', dataDir], WORKER_ENV);

const withWorker = <T>(work: () => Promise<T>): Promise<T> => withCliWorker({ dataDir, env: WORKER_ENV }, work);

/** A job whose chunking message was delivered as often as allowed to a worker that died each time, now dead-lettered. */
async function deadLetteredJob(expectedInDlq: number): Promise<string> {
  const job = await submitJob({ backend, sourcePath: clip });
  await killChunkingOnEveryDelivery({ jobId: job.job_id, times: MAX_RECEIVES, args: ['--data-dir', dataDir], env: WORKER_ENV });
  // The last worker died holding it: free it now rather than after its visibility timeout (as a worker start would).
  await backend.releaseOrphanedMessages();
  await redriveToDeadLetterQueue({ backend, queue: 'chunking', expected: expectedInDlq });
  return job.job_id;
}

interface ShownMessage {
  id: string;
  sent_at: number;
  receive_count: number;
  job_id: string | null;
  segment_index: number | null;
  job_status: string | null;
  body: string;
}

test('dlq: list, show, replay (skipping a failed job\'s message with the retry hint), the job completes; purge, then jobs retry completes the other; refusals', async () => {
  // A job failed by the workers' dead-letter watch: its message must not be replayed (a worker would drop it).
  const failedJob = await deadLetteredJob(1);
  await withWorker(() => waitForStatus({ backend, jobId: failedJob, status: 'failed' }));
  assert.match((await backend.jobs.get(failedJob))?.error?.message ?? '', /dead-letter queue/);
  const skipOnly = await cli(['dlq', 'replay', 'chunking', '--all', '--yes']);
  assert.equal(skipOnly.code, 0, skipOnly.stderr);
  assert.match(skipOnly.stdout, new RegExp(`replayed 0, skipped 1 \\(job failed: purge it, then use stereo-spot jobs retry ${failedJob}\\), not found 0`));
  assert.equal(await backend.deadLetterQueue('chunking').count(), 1, 'a skipped message stays');

  // A job still active (no worker saw its message dead-lettered): replayable once the cause (the kills) is gone.
  const activeJob = await deadLetteredJob(2);
  assert.equal((await backend.jobs.get(activeJob))?.status, 'chunking_in_progress');

  const list = await cli(['dlq', 'list']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^chunking\s+2$/m);
  assert.match(list.stdout, /^video-worker\s+0$/m);
  assert.match(list.stdout, /^reassembly\s+0$/m);
  const listJson = JSON.parse((await cli(['dlq', 'list', '--json'])).stdout) as { queues: Array<{ queue: string; count: number }> };
  assert.deepEqual(listJson.queues, [
    { queue: 'chunking', count: 2 },
    { queue: 'video-worker', count: 0 },
    { queue: 'reassembly', count: 0 },
  ]);

  const shown = await cli(['dlq', 'show', 'chunking', '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  const { count, messages } = JSON.parse(shown.stdout) as { count: number; messages: ShownMessage[] };
  assert.equal(count, 2);
  const byJob = new Map(messages.map((message) => [message.job_id, message]));
  assert.deepEqual([...byJob.keys()].sort(), [failedJob, activeJob].sort());
  assert.equal(byJob.get(failedJob)?.job_status, 'failed');
  assert.equal(byJob.get(activeJob)?.job_status, 'chunking_in_progress');
  for (const message of messages) {
    assert.equal(message.segment_index, null, 'a source event names no segment');
    assert.ok(message.body.includes(message.job_id ?? '?'), 'the body is shown');
    assert.ok(message.sent_at > 0 && message.receive_count >= 0);
  }
  const failedMessageId = byJob.get(failedJob)!.id;
  const text = await cli(['dlq', 'show', 'chunking', '--limit', '1']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /chunking dead-letter queue: 2 messages, 1 shown/);

  // Without a terminal and without --yes: refused, nothing changed.
  const refused = await cli(['dlq', 'replay', 'chunking', '--all']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--yes/);
  assert.equal(await backend.deadLetterQueue('chunking').count(), 2);

  const replay = await cli(['dlq', 'replay', 'chunking', '--all', '--yes']);
  assert.equal(replay.code, 0, replay.stderr);
  assert.match(replay.stdout, new RegExp(`skipped ${failedMessageId} \\(job failed: purge it, then use stereo-spot jobs retry ${failedJob}`));
  assert.match(replay.stdout, /replayed 1, skipped 1 \(job failed: purge it, then use stereo-spot jobs retry [0-9a-f-]+\), not found 0/);
  assert.deepEqual((await backend.deadLetterQueue('chunking').peek({ limit: 10 })).map((m) => m.id), [failedMessageId]);
  await withWorker(() => waitForStatus({ backend, jobId: activeJob, status: 'completed' }));
  assert.equal(await backend.storage.exists({ bucket: 'output', key: buildFinalKey({ jobId: activeJob }) }), true);
  assert.equal((await backend.jobs.get(failedJob))?.status, 'failed', 'the skipped job was left alone');

  const purgeRefused = await cli(['dlq', 'purge', 'chunking', '--all']);
  assert.equal(purgeRefused.code, 2);
  assert.equal(await backend.deadLetterQueue('chunking').count(), 1);
  const purge = await cli(['dlq', 'purge', 'chunking', '--message-id', failedMessageId, '--message-id', 'no-such-message', '--yes']);
  assert.equal(purge.code, 0, purge.stderr);
  assert.match(purge.stdout, /not found no-such-message/);
  assert.match(purge.stdout, /purged 1, not found 1/);
  assert.deepEqual((JSON.parse((await cli(['dlq', 'list', '--json'])).stdout) as { queues: Array<{ count: number }> }).queues.map((q) => q.count), [0, 0, 0]);

  // The skipped job, as the hint says: its dead letter purged, then retried; it completes.
  const retry = await cli(['jobs', 'retry', failedJob, '--yes']);
  assert.equal(retry.code, 0, retry.stderr);
  await withWorker(() => waitForStatus({ backend, jobId: failedJob, status: 'completed' }));
});

test('dlq: a queue name not in the list, or no messages chosen, is a usage error (exit 2)', async () => {
  const badQueue = await cli(['dlq', 'show', 'chunks']);
  assert.equal(badQueue.code, 2);
  assert.match(badQueue.stderr, /chunking, video-worker, reassembly/);
  const noChoice = await cli(['dlq', 'purge', 'reassembly', '--yes']);
  assert.equal(noChoice.code, 2);
  assert.match(noChoice.stderr, /--message-id <id> \(repeatable\) or --all/);
  const both = await cli(['dlq', 'replay', 'reassembly', '--all', '--message-id', 'x', '--yes']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /not both/);
});
