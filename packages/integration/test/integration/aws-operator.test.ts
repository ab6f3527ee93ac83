import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { awsConfigToEnv } from '@stereo-spot/aws-adapters';
import { startMediaWorker, type MediaRole } from '@stereo-spot/media-worker';
import { buildSegmentKey, silentLogger, type QueueName } from '@stereo-spot/shared-types';
import { startVideoWorker } from '@stereo-spot/video-worker';
import type { AwsPipeline } from '../../src/index.ts';
import { startOperatorStack, type OperatorStack } from './operator-stack.ts';
import { runCli } from '../../../cli/test/integration/run-cli.ts';
import { runChunking, submitJob, takeMessages, waitFor } from '../../../cli/test/integration/operator-scenarios.ts';

// The operator commands through the real CLI with STORAGE_ADAPTER=aws, against DynamoDB Local + fauxqs. Jobs are
// put into each state with the real worker code; in-process workers and the stream Lambda finish them.
let stack: OperatorStack | undefined;
let pipeline: AwsPipeline;
let dir: string;
let clip: string;
before(async () => {
  stack = await startOperatorStack({ name: 'aws-operator', clipSeconds: 3 });
  ({ pipeline, dir, clip } = stack);
});
after(() => stack?.stop());

const cli = (args: string[]) => runCli([...args, '--data-dir', join(dir, 'cli')], awsConfigToEnv(pipeline.backend.config));

const TUNING = { visibilityTimeoutSec: 20, waitSeconds: 1, retryBaseSec: 0.2 };

/** Workers on the stack for the time of `work` (the trigger runs in the stream Lambda, as deployed). */
async function withWorkers<T>({ video = true, media = ['chunking', 'reassembly'] }: { video?: boolean; media?: MediaRole[] }, work: () => Promise<T>): Promise<T> {
  const { backend } = pipeline;
  const stoppers: Array<() => Promise<void>> = [];
  if (media.length > 0) {
    const worker = startMediaWorker({ backend, logger: silentLogger(), workDir: join(dir, 'media'), roles: media, defaultSegmentSeconds: 1, tuning: TUNING });
    stoppers.push(() => worker.stop({ graceMs: 1000 }));
  }
  if (video) {
    const worker = startVideoWorker({ backend, logger: silentLogger(), workDir: join(dir, 'video'), concurrency: 2, tuning: TUNING });
    stoppers.push(() => worker.stop({ graceMs: 1000 }));
  }
  try {
    return await work();
  } finally {
    await Promise.all(stoppers.map((stop) => stop()));
  }
}

async function queueIsEmpty(name: QueueName): Promise<boolean> {
  const attributes = await pipeline.backend.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: pipeline.backend.config.queueUrls[name], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) === 0;
}

test('[aws] recover-chunking: refused (nothing changed) when a segment is missing; on a complete set the job completes', async () => {
  const { backend } = pipeline;
  const broken = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job: broken, workDir: dir, dieBeforeMarking: true });
  await backend.storage.deletePrefix({ bucket: 'input', prefix: buildSegmentKey({ jobId: broken.job_id, segmentIndex: 2, totalSegments: 3, mode: 'sbs-half' }) });
  const before = await backend.jobs.get(broken.job_id);
  const refused = await cli(['recover-chunking', broken.job_id, '--yes']);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /not a complete set: missing 1 of 3 segments: index 2\. Nothing changed/);
  assert.deepEqual(await backend.jobs.get(broken.job_id), before);

  const job = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job, workDir: dir, dieBeforeMarking: true });
  assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_in_progress');
  const recovered = await cli(['recover-chunking', job.job_id, '--yes']);
  assert.equal(recovered.code, 0, recovered.stderr);
  assert.match(recovered.stdout, /recovered: chunking_complete with 3 segments \(0 converted\); trigger check: segments-pending/);
  await withWorkers({ media: ['reassembly'] }, async () => {
    const done = await pipeline.waitForJob(job.job_id);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
  });
});

test('[aws] retry from video and from reassembly: the jobs complete', async () => {
  const { backend } = pipeline;
  const video = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job: video, workDir: dir });
  await takeMessages({ queue: backend.queues['video-worker'], count: 3, where: (m) => m.body.includes(video.job_id) });
  assert.ok((await backend.jobs.transition({ jobId: video.job_id, from: ['chunking_complete'], to: 'failed', patch: { error: { stage: 'video', message: 'dead-lettered' } } })).applied);
  const videoRetry = await cli(['jobs', 'retry', video.job_id, '--yes', '--json']);
  assert.equal(videoRetry.code, 0, videoRetry.stderr);
  assert.deepEqual(JSON.parse(videoRetry.stdout), { job_id: video.job_id, stage: 'video', status: 'chunking_complete', messages_sent: 3, trigger: 'segments-pending' });

  const reassembly = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job: reassembly, workDir: dir });
  // Video workers only: the Lambda triggers both jobs once their segments are converted. Then the reassembly
  // message of the second is lost and that job fails at reassembly.
  await withWorkers({ media: [] }, () =>
    waitFor({ what: 'both triggers', check: async () => (await backend.lock.get(video.job_id)) !== undefined && (await backend.lock.get(reassembly.job_id)) !== undefined }),
  );
  await takeMessages({ queue: backend.queues.reassembly, count: 1, where: (m) => m.body.includes(reassembly.job_id) });
  assert.ok((await backend.jobs.transition({ jobId: reassembly.job_id, from: ['chunking_complete'], to: 'failed', patch: { error: { stage: 'reassembly', message: 'disk full' } } })).applied);
  const shown = JSON.parse((await cli(['jobs', 'show', reassembly.job_id, '--json'])).stdout) as { job: { status: string }; segments_done: number; reassembly_lock: { triggered_at: number } | null };
  assert.equal(shown.job.status, 'failed');
  assert.equal(shown.segments_done, 3);
  assert.ok(shown.reassembly_lock?.triggered_at);
  const reassemblyRetry = await cli(['jobs', 'retry', reassembly.job_id, '--yes']);
  assert.equal(reassemblyRetry.code, 0, reassemblyRetry.stderr);
  assert.match(reassemblyRetry.stdout, /retried from reassembly: now chunking_complete; 0 message\(s\) sent; trigger check: triggered/);

  await withWorkers({}, async () => {
    for (const job of [video, reassembly]) {
      const done = await pipeline.waitForJob(job.job_id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      assert.equal(done.error, undefined);
    }
  });
});

test('[aws] cancel: workers drop the messages of a cancelled job and it stays cancelled; list and show', async () => {
  const { backend } = pipeline;
  const job = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job, workDir: dir });
  const cancelled = await cli(['jobs', 'cancel', job.job_id, '--yes']);
  assert.equal(cancelled.code, 0, cancelled.stderr);
  assert.match(cancelled.stdout, /cancelled \(was chunking_complete\)/);
  await withWorkers({}, () => waitFor({ what: 'the video queue to drain', check: () => queueIsEmpty('video-worker') }));
  assert.equal((await backend.jobs.get(job.job_id))?.status, 'cancelled');
  assert.equal(await backend.completions.countByJob(job.job_id), 0, 'no segment was converted');
  const again = await cli(['jobs', 'cancel', job.job_id, '--yes']);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /is cancelled; only a running or failed job can be cancelled/);

  const listed = JSON.parse((await cli(['jobs', 'list', '--status', 'cancelled', '--json'])).stdout) as { jobs: Array<{ job_id: string }> };
  assert.deepEqual(listed.jobs.map((j) => j.job_id), [job.job_id]);
  // Three completed jobs (recovered, retried from video, retried from reassembly), two to a page.
  const first = JSON.parse((await cli(['jobs', 'list', '--status', 'completed', '--limit', '2', '--json'])).stdout) as { jobs: Array<{ job_id: string; updated_at: number }>; next_cursor?: string };
  assert.equal(first.jobs.length, 2);
  assert.ok(first.jobs[0]!.updated_at >= first.jobs[1]!.updated_at);
  assert.ok(first.next_cursor);
  const second = JSON.parse((await cli(['jobs', 'list', '--status', 'completed', '--limit', '2', '--cursor', first.next_cursor, '--json'])).stdout) as typeof first;
  assert.equal(second.jobs.length, 1);
  assert.equal(second.next_cursor, undefined);
  const plain = await cli(['jobs', 'list', '--status', 'failed']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /failed {2}sbs-half {2}updated .*\[video\]/, 'the job whose segment went missing failed at video');
});
