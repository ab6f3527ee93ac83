import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { awsConfigToEnv } from '@stereo-spot/aws-adapters';
import { startMediaWorker } from '@stereo-spot/media-worker';
import { buildFinalKey, buildReassemblyPayload, buildSourceKey, parseReassemblyPayload, RetryableError, silentLogger, type JobStore } from '@stereo-spot/shared-types';
import { assertSameMedia, generateClip, newJob } from '@stereo-spot/test-kit';
import { createSegmentModels, startVideoWorker } from '@stereo-spot/video-worker';
import { startAwsEmulators, startAwsPipeline, type AwsEmulators, type AwsPipeline } from '../../src/index.ts';

// The whole pipeline on DynamoDB Local + fauxqs, with the same worker code as the embedded suite.
let emulators: AwsEmulators;
let clipPath: string;
let workDir: string;
before(async () => {
  emulators = await startAwsEmulators();
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  workDir = await mkdtemp(join(tmpdir(), 'stereo-spot-aws-suite-'));
  clipPath = join(workDir, 'clip.mp4');
  // 4 one-second GOPs → 4 segments of 1 s; one audio track and a subtitle to be kept.
  await generateClip({ path: clipPath, durationSec: 4, width: 320, height: 240, fps: 25, gop: 25, audioTracks: 1, subtitles: true });
});
after(async () => {
  await emulators?.stop();
  const { rm } = await import('node:fs/promises');
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function withPipeline(options: Omit<Parameters<typeof startAwsPipeline>[0], 'emulators'>, run: (pipeline: AwsPipeline) => Promise<void>): Promise<void> {
  const pipeline = await startAwsPipeline({ emulators, ...options });
  try {
    await run(pipeline);
  } finally {
    await pipeline.stop();
  }
}

/** Creates a job and uploads the clip through the presigned upload, as a browser would. */
async function submitJob(pipeline: AwsPipeline): Promise<string> {
  const job = newJob({ options: { depth: 'passthrough', segment_seconds: 1 } });
  await pipeline.backend.jobs.create(job);
  const upload = await pipeline.backend.storage.presignUpload({ bucket: 'input', key: buildSourceKey(job.job_id), expiresInSec: 300, maxBytes: 50_000_000, contentType: 'video/mp4' });
  const response = await fetch(upload.url, { method: upload.method, headers: upload.headers ?? {}, body: await readFile(clipPath) });
  assert.equal(response.status, 200, await response.text());
  return job.job_id;
}

async function assertFinal(pipeline: AwsPipeline, jobId: string): Promise<void> {
  const url = await pipeline.backend.storage.presignGet({ bucket: 'output', key: buildFinalKey({ jobId: jobId }), expiresInSec: 300 });
  const response = await fetch(url);
  assert.equal(response.status, 200);
  const finalPath = join(workDir, `${jobId}.mp4`);
  await writeFile(finalPath, Buffer.from(await response.arrayBuffer()));
  await assertSameMedia({ sourcePath: clipPath, outputPath: finalPath, fps: 25 });
}

const finalUploads = (pipeline: AwsPipeline, jobId: string) => pipeline.stack.uploads.filter((u) => u.key === buildFinalKey({ jobId: jobId })).length;

test('data plane smoke: job put, a message through each queue, presigned upload and download of the source and the result', async () => {
  await withPipeline({ startWorkers: false }, async ({ backend }) => {
    const job = newJob();
    await backend.jobs.create(job);
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'created');
    for (const queue of Object.values(backend.queues)) {
      await queue.send({ body: buildReassemblyPayload(job.job_id) });
      const [message] = await queue.receive({ maxMessages: 1, waitSeconds: 2, visibilityTimeoutSec: 5 });
      assert.equal(parseReassemblyPayload(message?.body ?? '').job_id, job.job_id);
      await queue.delete(message?.receiptHandle ?? '');
    }
    for (const [bucket, key] of [['input', buildSourceKey(job.job_id)], ['output', buildFinalKey({ jobId: job.job_id })]] as const) {
      const upload = await backend.storage.presignUpload({ bucket, key, expiresInSec: 60, maxBytes: 1000, contentType: 'video/mp4' });
      assert.equal((await fetch(upload.url, { method: upload.method, headers: upload.headers ?? {}, body: 'not really a video' })).status, 200);
      const got = await fetch(await backend.storage.presignGet({ bucket, key, expiresInSec: 60 }));
      assert.equal(await got.text(), 'not really a video');
    }
  });
});

test('a whole job: presigned upload → chunking → 2 video workers → stream → Lambda → reassembly → completed', async () => {
  await withPipeline({}, async (pipeline) => {
    const jobId = await submitJob(pipeline);
    const job = await pipeline.waitForJob(jobId);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    assert.equal(job.total_segments, 4);
    assert.equal(await pipeline.backend.completions.countByJob(jobId), 4);
    assert.ok(pipeline.lambda.stats.records >= 4, 'the trigger ran from the stream');
    await assertFinal(pipeline, jobId);
    assert.equal(finalUploads(pipeline, jobId), 1);
  });
});

test('duplicated S3 events and replayed stream records change nothing', async () => {
  await withPipeline({ duplicateEvents: true }, async (pipeline) => {
    const jobId = await submitJob(pipeline);
    const job = await pipeline.waitForJob(jobId);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    assert.equal(pipeline.stack.forwardedEvents.filter((e) => e.queue === 'video-worker').length, 4);
    // Every record again, as a retried or duplicated stream batch would bring it.
    const { createStreamHandler } = await import('@stereo-spot/reassembly-trigger');
    const replay = await createStreamHandler({ backend: pipeline.backend, logger: silentLogger() })({ Records: pipeline.lambda.delivered });
    assert.deepEqual(replay.batchItemFailures, []);
    assert.notEqual(replay.outcomes[jobId], 'triggered', 'a completed job is never triggered again');
    await sleep(1500);
    assert.equal(finalUploads(pipeline, jobId), 1, 'one reassembly');
    assert.equal((await pipeline.backend.completions.listByJob(jobId)).length, 4);
    await assertFinal(pipeline, jobId);
  });
});

test('a job whose segments all finish before chunking_complete still completes (the race)', async () => {
  await withPipeline({ startWorkers: false }, async (pipeline) => {
    const { backend } = pipeline;
    // The chunking worker's final update waits until every segment is converted and its stream record seen.
    const delayed: JobStore = {
      create: (job) => backend.jobs.create(job),
      get: (id) => backend.jobs.get(id),
      listCompleted: (args) => backend.jobs.listCompleted(args),
      list: (args) => backend.jobs.list(args),
      recordSegmentFrames: (args) => backend.jobs.recordSegmentFrames(args),
      delete: (args) => backend.jobs.delete(args),
      async transition(args) {
        if (args.to === 'chunking_complete' && args.patch?.total_segments) {
          while ((await backend.completions.countByJob(args.jobId)) < args.patch.total_segments || pipeline.lambda.stats.records < args.patch.total_segments) await sleep(50);
        }
        return backend.jobs.transition(args);
      },
    };
    const tuning = { visibilityTimeoutSec: 20, waitSeconds: 1, retryBaseSec: 0.2 };
    const media = startMediaWorker({ backend: { ...backend, kind: 'aws', jobs: delayed, completions: backend.completions, lock: backend.lock, queues: backend.queues, storage: backend.storage, close: () => backend.close() }, logger: silentLogger(), workDir: join(pipeline.workDir, 'media'), defaultSegmentSeconds: 1, tuning });
    const video = startVideoWorker({ backend, logger: silentLogger(), workDir: join(pipeline.workDir, 'video'), concurrency: 2, tuning });
    try {
      const jobId = await submitJob(pipeline);
      const job = await pipeline.waitForJob(jobId);
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      assert.equal(finalUploads(pipeline, jobId), 1);
    } finally {
      await Promise.all([media.stop({ graceMs: 1000 }), video.stop({ graceMs: 1000 })]);
    }
  });
});

test('two reassembly messages for one job, two reassembly workers at once: one reassembly, one final file', async () => {
  await withPipeline({ mediaWorkers: 0 }, async (pipeline) => {
    const { backend } = pipeline;
    const tuning = { visibilityTimeoutSec: 20, waitSeconds: 1, retryBaseSec: 0.2 };
    const chunking = startMediaWorker({ backend, logger: silentLogger(), workDir: join(pipeline.workDir, 'chunking'), roles: ['chunking'], defaultSegmentSeconds: 1, tuning });
    const jobId = await submitJob(pipeline);
    // Wait for the trigger's message, then add a duplicate before any reassembler runs.
    const deadline = Date.now() + 60_000;
    while (!(await backend.lock.get(jobId)) && Date.now() < deadline) await sleep(100);
    await backend.queues.reassembly.send({ body: buildReassemblyPayload(jobId) });
    const reassemblers = [0, 1].map((i) => startMediaWorker({ backend, logger: silentLogger(), workDir: join(pipeline.workDir, `reassembly-${i}`), roles: ['reassembly'], tuning }));
    try {
      const job = await pipeline.waitForJob(jobId);
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      await sleep(2000);
      assert.equal(finalUploads(pipeline, jobId), 1, 'exactly one final file written');
      const lock = await backend.lock.get(jobId);
      assert.ok(lock?.reassembly_started_at !== undefined);
      await assertFinal(pipeline, jobId);
    } finally {
      await Promise.all([chunking.stop({ graceMs: 1000 }), ...reassemblers.map((r) => r.stop({ graceMs: 1000 }))]);
    }
  });
});

const cliBin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'cli', 'bin', 'stereo-spot.js');

test('a video worker process killed mid-segment: its message becomes visible again and the job completes', async () => {
  await withPipeline({ videoWorkers: 0 }, async (pipeline) => {
    const { backend } = pipeline;
    // The CLI's worker on STORAGE_ADAPTER=aws: the same entry point a deployment runs.
    const child = spawn(process.execPath, [cliBin, 'worker', 'video', '--data-dir', join(pipeline.workDir, 'child')], {
      env: { ...process.env, ...awsConfigToEnv(backend.config), STEREO_SPOT_VISIBILITY_TIMEOUT_SEC: '3', STEREO_SPOT_POLL_WAIT_SEC: '1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const jobId = await submitJob(pipeline);
      const inFlight = async () => {
        const attributes = await backend.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: backend.config.queueUrls['video-worker'], AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
        return Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
      };
      const deadline = Date.now() + 60_000;
      while ((await inFlight()) === 0) {
        assert.ok(Date.now() < deadline, `the worker process never took a segment: ${stderr}`);
        await sleep(5);
      }
      child.kill('SIGKILL');
      await exited;
      assert.ok((await inFlight()) >= 1, 'the dead worker still holds a message');
      // A new worker takes over; the held message comes back after its visibility timeout.
      const receiveCounts: number[] = [];
      const queue = backend.queues['video-worker'];
      const watched = Object.assign(Object.create(Object.getPrototypeOf(queue) as object) as typeof queue, queue, {
        receive: async (args: Parameters<typeof queue.receive>[0]) => {
          const messages = await queue.receive(args);
          receiveCounts.push(...messages.map((m) => m.receiveCount));
          return messages;
        },
      });
      const video = startVideoWorker({ backend: { ...backend, kind: 'aws', jobs: backend.jobs, completions: backend.completions, lock: backend.lock, storage: backend.storage, close: () => backend.close(), queues: { ...backend.queues, 'video-worker': watched } }, logger: silentLogger(), workDir: join(pipeline.workDir, 'video'), concurrency: 2, tuning: { visibilityTimeoutSec: 20, waitSeconds: 1 } });
      try {
        const job = await pipeline.waitForJob(jobId);
        assert.equal(job.status, 'completed', JSON.stringify(job.error));
        assert.ok(receiveCounts.some((count) => count >= 2), `a message was delivered again (receive counts ${receiveCounts.join(',')})`);
        await assertFinal(pipeline, jobId);
      } finally {
        await video.stop({ graceMs: 1000 });
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

test('a message that always fails reaches the dead-letter queue and its job is failed', async () => {
  const failing = { async convert(): Promise<void> { throw new RetryableError('model crashed'); } };
  const models = { ...createSegmentModels({}), passthrough: failing };
  await withPipeline({ models, maxReceiveCount: 2, tuning: { visibilityTimeoutSec: 2, waitSeconds: 1, retryBaseSec: 0.2 } }, async (pipeline) => {
    const jobId = await submitJob(pipeline);
    const job = await pipeline.waitForJob(jobId, 60_000);
    assert.equal(job.status, 'failed');
    assert.equal(job.error?.stage, 'video');
    assert.match(job.error?.message ?? '', /model crashed/);
    const dlq = pipeline.backend.deadLetterQueue('video-worker');
    const dead: string[] = [];
    const deadline = Date.now() + 30_000;
    while (dead.length === 0 && Date.now() < deadline) dead.push(...(await dlq.receive({ maxMessages: 10, waitSeconds: 1, visibilityTimeoutSec: 30 })).map((m) => m.body));
    assert.ok(dead.length >= 1, 'the failing segment message is in the dead-letter queue');
    assert.match(dead[0] ?? '', new RegExp(jobId));
  });
});
