import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalBackend, type LocalBackend } from '@stereo-spot/local-adapters';
import { buildFinalKey } from '@stereo-spot/shared-types';
import { generateClip, inspectMedia, readWalkthrough, runWalkthrough } from '@stereo-spot/test-kit';
import { killChunkingOnEveryDelivery, redriveToDeadLetterQueue } from './dead-letter-scenario.ts';
import { runChunking, submitJob, waitForStatus } from './operator-scenarios.ts';
import { withCliWorker } from './with-cli-worker.ts';

// docs/RUNBOOKS.md followed as written on the embedded backend: each test puts a job into the state a runbook is
// for (with the real worker code), runs the runbook's walkthrough block with bash in the folder whose
// `.stereo-spot/` holds the data (the CLI's default), then lets the workers finish the job.
const MAX_RECEIVES = 2;
const ENV = { STEREO_SPOT_MAX_RECEIVE_COUNT: String(MAX_RECEIVES), METRICS_PORT: '0' };

let dir: string;
let dataDir: string;
let clip: string;
let backend: LocalBackend;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-runbooks-'));
  dataDir = join(dir, '.stereo-spot');
  clip = join(dir, 'clip.mp4');
  await generateClip({ path: clip, durationSec: 3, width: 160, height: 96, fps: 25, gop: 25, audioTracks: 1 });
  backend = await openLocalBackend({ dataDir, maxReceiveCount: MAX_RECEIVES });
});
after(async () => {
  await backend?.close();
  await rm(dir, { recursive: true, force: true });
});

async function followRunbook(name: string, jobId: string): Promise<string> {
  const { code, transcript } = await runWalkthrough({ script: await readWalkthrough(name), cwd: dir, env: { ...ENV, JOB_ID: jobId } });
  assert.equal(code, 0, `runbook walkthrough "${name}" stopped:\n${transcript}`);
  return transcript;
}

async function assertCompletedWhole(jobId: string): Promise<void> {
  await withCliWorker({ dataDir, env: ENV }, () => waitForStatus({ backend, jobId, status: 'completed' }));
  const final = join(dir, `${jobId}.mp4`);
  await backend.storage.getToFile({ bucket: 'output', key: buildFinalKey({ jobId: jobId }), path: final });
  const media = await inspectMedia(final);
  assert.equal(media.videoFrames, 75);
  assert.equal(media.audioStreams.length, 1);
}

test('runbook 1: a job whose chunking died after uploading every segment is recovered and completes', async () => {
  const job = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job, workDir: dir, dieBeforeMarking: true });
  assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_in_progress');

  const transcript = await followRunbook('recover-chunking', job.job_id);
  assert.match(transcript, new RegExp(`job ${job.job_id} recovered: chunking_complete with 3 segments`));
  assert.equal((await backend.jobs.get(job.job_id))?.total_segments, 3);
  await assertCompletedWhole(job.job_id);
});

test('runbook 2: a job failed by a dead-lettered message is purged from the dead-letter queue, retried, and completes', async () => {
  const job = await submitJob({ backend, sourcePath: clip });
  await killChunkingOnEveryDelivery({ jobId: job.job_id, times: MAX_RECEIVES, args: ['--data-dir', dataDir], env: ENV });
  await backend.releaseOrphanedMessages();
  await redriveToDeadLetterQueue({ backend, queue: 'chunking', expected: 1 });
  await withCliWorker({ dataDir, env: ENV }, () => waitForStatus({ backend, jobId: job.job_id, status: 'failed' }));

  const transcript = await followRunbook('dead-letter', job.job_id);
  assert.match(transcript, /replayed 0, skipped 1/);
  assert.match(transcript, /purged 1/);
  assert.match(transcript, new RegExp(`job ${job.job_id} retried from chunking`));
  assert.equal(await backend.deadLetterQueue('chunking').count(), 0);
  await assertCompletedWhole(job.job_id);
  assert.equal(await backend.deadLetterQueue('chunking').count(), 0);
});
