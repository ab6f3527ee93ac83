import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLocalBackend } from '@stereo-spot/local-adapters';
import { generateClip, inspectMedia } from '@stereo-spot/test-kit';
import type { CreateJobResponse, JobView } from '@stereo-spot/shared-types';
import { processesWithArg } from './processes-with-arg.ts';
import { runCli, startCli, type RunningCli } from './run-cli.ts';
import { startServe, waitForJob, type ServeProcess } from './serve-process.ts';
import { untilRunning } from './until-running.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-ctrl-c-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function submit({ server, file }: { server: ServeProcess; file: string }): Promise<string> {
  const created = await fetch(`${server.base}/api/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'sbs-half', depth: 'heuristic', segment_seconds: 120 }),
  });
  assert.equal(created.status, 201);
  const { job_id: jobId, upload } = (await created.json()) as CreateJobResponse;
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: await readFile(file) });
  assert.equal(put.status, 200, await put.clone().text());
  return jobId;
}

/** `serve` as a terminal runs it: the leader of its own process group, to which Ctrl-C sends SIGINT. */
function startForeground(dataDir: string): Promise<ServeProcess> {
  return startServe({ dataDir, detached: true, args: ['--workers', '1', '--grace-seconds', '120'] });
}

/** Waits until a segment's encoder runs (a segment is in hand and mid-conversion). */
async function untilConverting({ cli, dataDir }: { cli: RunningCli; dataDir: string }): Promise<void> {
  const videoWork = join(dataDir, 'tmp', 'video');
  await untilRunning({
    what: 'the conversion of the segment',
    cli,
    deadline: Date.now() + 90_000,
    check: async () => (await processesWithArg(videoWork)).some((p) => p.args.some((arg) => arg.endsWith('out.mp4'))),
  });
  await sleep(1000);
}

/** What a terminal does on Ctrl-C: SIGINT to the foreground process group. */
function ctrlC(cli: RunningCli): void {
  process.kill(-(cli.child.pid ?? 0), 'SIGINT');
}

test('Ctrl-C: the segment in hand finishes within the grace period, serve exits 0, and a restart does not convert it again', async () => {
  const clip = join(dir, 'eight.mp4');
  const dataDir = join(dir, 'data-graceful');
  await generateClip({ path: clip, durationSec: 8, width: 320, height: 180, fps: 25, gop: 250 });
  const server = await startForeground(dataDir);
  let jobId: string;
  try {
    jobId = await submit({ server, file: clip });
    await untilConverting({ cli: server.cli, dataDir });
  } catch (error) {
    server.cli.child.kill('SIGKILL');
    throw error;
  }
  const interruptedAt = Date.now();
  ctrlC(server.cli);
  const result = await server.cli.result;
  const exitSec = (Date.now() - interruptedAt) / 1000;
  console.log(`Ctrl-C → serve exited after finishing its segment: ${exitSec.toFixed(2)} s`);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(exitSec < 120, 'within the grace period');
  assert.match(result.stdout, new RegExp(`"job_id":"${jobId}".*"msg":"segment converted"`));
  assert.doesNotMatch(result.stdout, /exited with code|work interrupted/);
  assert.match(result.stderr, /stopping; requests and segments in hand get up to 120 s to finish/);
  assert.equal((await processesWithArg(dataDir)).length, 0, 'no child outlives serve');
  const backend = await openLocalBackend({ dataDir });
  try {
    assert.equal(await backend.completions.countByJob(jobId), 1, 'the SegmentCompletion was written');
  } finally {
    await backend.close();
  }

  // The next start only joins: the segment finished in the grace period is not converted again.
  const again = await startServe({ dataDir });
  try {
    const job = await waitForJob<JobView>({ base: again.base, jobId, done: (j) => j.status === 'completed' || j.status === 'failed', timeoutMs: 60_000 });
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
  } finally {
    const stopped = await again.stop();
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.doesNotMatch(again.cli.output().stdout, /segment converted/);
  }
});

test('a second Ctrl-C stops at once: ffmpeg killed, the message released for the next start, exit 130', async () => {
  const clip = join(dir, 'long.mp4');
  const dataDir = join(dir, 'data-now');
  await generateClip({ path: clip, durationSec: 60, width: 320, height: 180, fps: 25, gop: 250 });
  const server = await startForeground(dataDir);
  let jobId: string;
  try {
    jobId = await submit({ server, file: clip });
    await untilConverting({ cli: server.cli, dataDir });
    ctrlC(server.cli);
    await untilRunning({ what: 'the graceful stop', cli: server.cli, deadline: Date.now() + 10_000, check: () => server.cli.output().stderr.includes('stopping;') });
    // Later than the same-press window: `npm start` repeats one Ctrl-C within it.
    await sleep(1000);
  } catch (error) {
    server.cli.child.kill('SIGKILL');
    throw error;
  }
  const secondAt = Date.now();
  ctrlC(server.cli);
  const result = await server.cli.result;
  const exitSec = (Date.now() - secondAt) / 1000;
  console.log(`second Ctrl-C → serve exited: ${exitSec.toFixed(2)} s`);
  assert.equal(result.code, 130, result.stderr);
  assert.ok(exitSec < 5, `took ${exitSec} s`);
  assert.match(result.stdout, /"msg":"work interrupted; message released"/);
  assert.equal((await processesWithArg(dataDir)).length, 0, 'no ffmpeg outlives serve');
  const backend = await openLocalBackend({ dataDir });
  try {
    assert.equal(await backend.completions.countByJob(jobId), 0);
    assert.deepEqual(await backend.queues['video-worker'].approximateCount(), { visible: 1, inFlight: 0 }, 'released, for the next start to convert');
    assert.equal((await backend.jobs.get(jobId))?.status, 'chunking_complete');
  } finally {
    await backend.close();
  }
});

test('convert: Ctrl-C finishes the segment in hand, exits 130 saying to run it again, and the same command resumes after it', async () => {
  const clip = join(dir, 'two-segments.mp4');
  const output = join(dir, 'two-segments.sbs.mp4');
  const dataDir = join(dir, 'data-convert');
  await generateClip({ path: clip, durationSec: 8, width: 320, height: 180, fps: 25, gop: 100 });
  const args = ['convert', clip, '-o', output, '--format', 'sbs-half', '--depth', 'heuristic', '--segment-seconds', '4', '--workers', '1', '--grace-seconds', '120', '--data-dir', dataDir];
  const log = join(dataDir, 'logs', 'stereo-spot.log');
  const convertedSegments = async () => (await readFile(log, 'utf8')).split('\n').filter((line) => line.includes('"msg":"segment converted"')).length;

  const first = startCli(args, {}, { detached: true });
  try {
    await untilConverting({ cli: first, dataDir });
  } catch (error) {
    first.child.kill('SIGKILL');
    throw error;
  }
  const interruptedAt = Date.now();
  ctrlC(first);
  const interrupted = await first.result;
  console.log(`convert: Ctrl-C → exit after finishing its segment: ${((Date.now() - interruptedAt) / 1000).toFixed(2)} s`);
  assert.equal(interrupted.code, 130, interrupted.stderr);
  assert.match(interrupted.stderr, /stopped after the segments in hand; run the same command again to resume/);
  assert.equal(await convertedSegments(), 1, 'the segment in hand was finished, the other left');
  assert.equal((await processesWithArg(dataDir)).length, 0, 'no child outlives convert');

  const resumed = await runCli(args);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /done: 2 segments .*\(resumed\)/);
  assert.equal(await convertedSegments(), 2, 'only the segment left was converted');
  assert.equal((await inspectMedia(output)).videoFrames, 200);
});
