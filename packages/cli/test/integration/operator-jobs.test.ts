import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalBackend, type LocalBackend } from '@stereo-spot/local-adapters';
import { buildFinalKey, buildReassemblyPayload, buildSegmentKey, buildSourceKey, segmentPrefix } from '@stereo-spot/shared-types';
import { generateClip, inspectMedia } from '@stereo-spot/test-kit';
import { runCli, startCli } from './run-cli.ts';
import { withCliWorker } from './with-cli-worker.ts';
import { runChunking, submitJob, takeMessages, waitFor, waitForStatus } from './operator-scenarios.ts';

// The operator commands through the real CLI on the embedded backend; jobs are put into each state with the
// real worker code (operator-scenarios.ts), then `stereo-spot worker all` processes finish them.
let dir: string;
let dataDir: string;
let clip: string;
let backend: LocalBackend;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-operator-'));
  dataDir = join(dir, 'data');
  clip = join(dir, 'clip.mp4');
  // 3 one-second GOPs → 3 segments; an audio track, so the kept streams matter to reassembly.
  await generateClip({ path: clip, durationSec: 3, width: 160, height: 96, fps: 25, gop: 25, audioTracks: 1 });
  backend = await openLocalBackend({ dataDir });
});
after(async () => {
  await backend?.close();
  await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli([...args, '--data-dir', dataDir]);
/** Workers of parallel suites must not compete for the default metrics port. */
const NO_METRICS = { METRICS_PORT: '0' };

const withWorker = <T>(work: () => Promise<T>): Promise<T> => withCliWorker({ dataDir, env: NO_METRICS }, work);

async function assertCompletedWhole(jobId: string): Promise<void> {
  const job = await waitForStatus({ backend, jobId, status: 'completed' });
  assert.equal(job.error, undefined, 'no error left on a completed job');
  const final = join(dir, `${jobId}.mp4`);
  await backend.storage.getToFile({ bucket: 'output', key: buildFinalKey({ jobId: jobId }), path: final });
  const media = await inspectMedia(final);
  assert.equal(media.videoFrames, 75);
  assert.equal(media.audioStreams.length, 1, 'the kept audio is muxed back');
}

test('recover-chunking refuses an incomplete segment set, naming what is missing, and changes nothing', async () => {
  const job = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job, workDir: dir, dieBeforeMarking: true });
  const before = await backend.jobs.get(job.job_id);
  assert.equal(before?.status, 'chunking_in_progress');
  const missing = buildSegmentKey({ jobId: job.job_id, segmentIndex: 1, totalSegments: 3, mode: 'sbs-half' });
  assert.equal(await backend.storage.deletePrefix({ bucket: 'input', prefix: missing }), 1);

  const refused = await cli(['recover-chunking', job.job_id, '--yes']);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /refusing to recover job .*not a complete set: missing 1 of 3 segments: index 1\. Nothing changed/);
  assert.deepEqual(await backend.jobs.get(job.job_id), before, 'the job is unchanged');
  assert.equal(await backend.lock.get(job.job_id), undefined);

  const malformed = await cli(['recover-chunking', job.job_id.toUpperCase(), '--yes']);
  assert.equal(malformed.code, 2);
  assert.match(malformed.stderr, /not a job id/);
});

test('recover-chunking after the chunking worker died having uploaded every segment: asks, then the job completes', async () => {
  const job = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job, workDir: dir, dieBeforeMarking: true });
  assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_in_progress');
  assert.equal((await backend.storage.list({ bucket: 'input', prefix: segmentPrefix(job.job_id) })).length, 3);

  // No terminal and no --yes: it shows the change, refuses, and changes nothing.
  const unconfirmed = await cli(['recover-chunking', job.job_id]);
  assert.equal(unconfirmed.code, 2);
  assert.match(unconfirmed.stderr, /3 segments found \(sbs-half\), indexes 0\.\.2/);
  assert.match(unconfirmed.stderr, /will set total_segments=3 and the source facts .* chunking_in_progress → chunking_complete/);
  assert.match(unconfirmed.stderr, /pass --yes/);
  assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_in_progress');

  const recovered = await cli(['recover-chunking', job.job_id, '--yes', '--json']);
  assert.equal(recovered.code, 0, recovered.stderr);
  const outcome = JSON.parse(recovered.stdout) as { status: string; total_segments: number; trigger: string };
  assert.equal(outcome.status, 'chunking_complete');
  assert.equal(outcome.total_segments, 3);
  // No worker ran yet: the segments wait for conversion.
  assert.equal(outcome.trigger, 'segments-pending');
  const marked = await backend.jobs.get(job.job_id);
  assert.equal(marked?.total_segments, 3);
  assert.equal(marked?.source?.audio_streams.length, 1, 'the source facts were probed again');

  await withWorker(() => assertCompletedWhole(job.job_id));
  const again = await cli(['recover-chunking', job.job_id, '--yes']);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /is completed; recover-chunking only/);
});

test('retry of a job failed at chunking: the source event is sent again and the job completes', async () => {
  const bad = join(dir, 'not-a-video.mp4');
  await writeFile(bad, 'this is not a video\n');
  const job = await submitJob({ backend, sourcePath: bad });
  await withWorker(async () => {
    const failed = await waitForStatus({ backend, jobId: job.job_id, status: 'failed' });
    assert.equal(failed.error?.stage, 'chunking');
    // The operator puts the right file in place (its own event finds the job failed and is dropped), then retries.
    await backend.storage.putFile({ bucket: 'input', key: buildSourceKey(job.job_id), path: clip, contentType: 'video/mp4' });
    const retried = await cli(['jobs', 'retry', job.job_id, '--yes']);
    assert.equal(retried.code, 0, retried.stderr);
    assert.match(retried.stderr, /failed at chunking: .*\n.*retry from chunking: failed → created/);
    assert.match(retried.stdout, /retried from chunking: now created; 1 message\(s\) sent/);
    await assertCompletedWhole(job.job_id);
  });
});

test('retry of a job failed at video: a message for every segment without a completion, then it completes', async () => {
  const job = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job, workDir: dir });
  assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_complete');
  const notFailed = await cli(['jobs', 'retry', job.job_id, '--yes']);
  assert.equal(notFailed.code, 2);
  assert.match(notFailed.stderr, /is chunking_complete; only a failed job can be retried/);
  // The segments' messages were lost (dead-lettered) and the job failed at video.
  await takeMessages({ queue: backend.queues['video-worker'], count: 3, where: (m) => m.body.includes(job.job_id) });
  assert.ok((await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_complete'], to: 'failed', patch: { error: { stage: 'video', message: 'segment 1 was delivered too often' } } })).applied);

  const retried = await cli(['jobs', 'retry', job.job_id, '--yes', '--json']);
  assert.equal(retried.code, 0, retried.stderr);
  assert.deepEqual(JSON.parse(retried.stdout), { job_id: job.job_id, stage: 'video', status: 'chunking_complete', messages_sent: 3, trigger: 'segments-pending' });
  const back = await backend.jobs.get(job.job_id);
  assert.equal(back?.status, 'chunking_complete');
  assert.equal(back && 'error' in back, false, 'the old error is gone');
  await withWorker(() => assertCompletedWhole(job.job_id));
});

test('retry of a job failed at reassembly: its trigger record is cleared, the trigger fires again, it completes', async () => {
  const job = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job, workDir: dir });
  // Convert the segments (the trigger fires and sends the reassembly message), then fail the reassembly.
  const video = startCli(['worker', 'video', '--data-dir', dataDir, '--grace-seconds', '5'], NO_METRICS);
  await waitFor({ what: 'the trigger', check: async () => (await backend.lock.get(job.job_id)) !== undefined });
  video.child.kill('SIGTERM');
  assert.equal((await video.result).code, 0);
  await takeMessages({ queue: backend.queues.reassembly, count: 1, where: (m) => m.body.includes(job.job_id) });
  assert.ok((await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_complete'], to: 'failed', patch: { error: { stage: 'reassembly', message: 'disk full' } } })).applied);

  const shown = await cli(['jobs', 'show', job.job_id]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /status +failed/);
  assert.match(shown.stdout, /segments +3 done of 3/);
  assert.match(shown.stdout, /error +\[reassembly\] disk full/);
  assert.match(shown.stdout, /reassembly triggered /);

  const retried = await cli(['jobs', 'retry', job.job_id, '--yes']);
  assert.equal(retried.code, 0, retried.stderr);
  assert.match(retried.stderr, /delete its ReassemblyTriggered record/);
  assert.match(retried.stdout, /retried from reassembly: now chunking_complete; 0 message\(s\) sent; trigger check: triggered/);
  await withWorker(() => assertCompletedWhole(job.job_id));
});

test('cancel: an active job becomes cancelled, workers drop its messages, it stays cancelled; ended jobs are refused', async () => {
  const job = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job, workDir: dir });
  const unconfirmed = await cli(['jobs', 'cancel', job.job_id]);
  assert.equal(unconfirmed.code, 2);
  assert.match(unconfirmed.stderr, /chunking_complete → cancelled/);
  assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_complete');

  const cancelled = await cli(['jobs', 'cancel', job.job_id, '--yes']);
  assert.equal(cancelled.code, 0, cancelled.stderr);
  assert.match(cancelled.stdout, /cancelled \(was chunking_complete\)/);
  // Its three segment messages, a late duplicate of its source event and a stray reassembly message reach a
  // worker, which drops them all.
  await backend.storage.putFile({ bucket: 'input', key: buildSourceKey(job.job_id), path: clip, contentType: 'video/mp4' });
  await backend.queues.reassembly.send({ body: buildReassemblyPayload(job.job_id) });
  await withWorker(() =>
    waitFor({
      what: 'the queues to drain',
      check: async () => {
        const counts = await Promise.all([backend.queues.chunking.approximateCount(), backend.queues['video-worker'].approximateCount(), backend.queues.reassembly.approximateCount()]);
        return counts.every((c) => c.visible + c.inFlight === 0);
      },
    }),
  );
  assert.equal((await backend.jobs.get(job.job_id))?.status, 'cancelled');
  assert.equal(await backend.completions.countByJob(job.job_id), 0, 'no segment was converted');
  assert.equal(await backend.lock.get(job.job_id), undefined);
  assert.equal(await backend.storage.exists({ bucket: 'output', key: buildFinalKey({ jobId: job.job_id }) }), false);

  const again = await cli(['jobs', 'cancel', job.job_id, '--yes']);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /is cancelled; only a running or failed job can be cancelled/);
  const [completed] = (await backend.jobs.list({ status: 'completed', limit: 1 })).jobs;
  const refused = await cli(['jobs', 'cancel', completed!.job_id, '--yes']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /is completed; only a running or failed job can be cancelled/);
});

test('jobs list and show: plain and JSON, a page at a time', async () => {
  const completed = await cli(['jobs', 'list', '--status', 'completed']);
  assert.equal(completed.code, 0, completed.stderr);
  const lines = completed.stdout.trim().split('\n');
  assert.equal(lines.length, 4, completed.stdout);
  for (const line of lines) assert.match(line, /^[0-9a-f-]{36} {2}completed {2}sbs-half {2}updated \d{4}-.*Z 3 segments$/);

  const first = await cli(['jobs', 'list', '--status', 'completed', '--limit', '3', '--json']);
  const page = JSON.parse(first.stdout) as { jobs: Array<{ job_id: string; updated_at: number }>; next_cursor?: string };
  assert.equal(page.jobs.length, 3);
  assert.ok(page.jobs[0]!.updated_at >= page.jobs[2]!.updated_at, 'newest first');
  assert.ok(page.next_cursor);
  const second = JSON.parse((await cli(['jobs', 'list', '--status', 'completed', '--limit', '3', '--cursor', page.next_cursor, '--json'])).stdout) as typeof page;
  assert.equal(second.jobs.length, 1);
  assert.equal(second.next_cursor, undefined);
  assert.equal(new Set([...page.jobs, ...second.jobs].map((j) => j.job_id)).size, 4);

  assert.match((await cli(['jobs', 'list', '--status', 'cancelled'])).stdout, /cancelled {2}sbs-half/);
  // The job whose segment went missing: its video message found no object.
  assert.match((await cli(['jobs', 'list', '--status', 'failed'])).stdout.trim(), /^[0-9a-f-]{36} {2}failed {2}sbs-half {2}updated .*Z \[video\] no object input\/segments\/[^\n]*$/);
  assert.equal((await cli(['jobs', 'list', '--status', 'chunking_in_progress'])).stdout.trim(), 'no chunking_in_progress jobs');
  const badStatus = await cli(['jobs', 'list', '--status', 'stuck']);
  assert.equal(badStatus.code, 2);
  const badCursor = await cli(['jobs', 'list', '--cursor', 'nonsense']);
  assert.equal(badCursor.code, 2);
  assert.match(badCursor.stderr, /invalid cursor/);

  const shown = JSON.parse((await cli(['jobs', 'show', page.jobs[0]!.job_id, '--json'])).stdout) as { job: { status: string; total_segments: number }; segments_done: number; reassembly_lock: { reassembly_started_at?: number } | null };
  assert.equal(shown.job.status, 'completed');
  assert.equal(shown.segments_done, 3);
  assert.ok(shown.reassembly_lock?.reassembly_started_at);
  const unknown = await cli(['jobs', 'show', '00000000-0000-4000-8000-000000000000']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no job 00000000-0000-4000-8000-000000000000/);
});
