import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateClip } from '@stereo-spot/test-kit';
import type { CreateJobResponse, JobView } from '@stereo-spot/shared-types';
import { processesWithArg } from './processes-with-arg.ts';
import { startServe, waitForJob, type ServeProcess } from './serve-process.ts';
import { untilRunning } from './until-running.ts';

let dir: string;
let dataDir: string;
let server: ServeProcess;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-cancel-'));
  dataDir = join(dir, 'data');
  // One video loop: the cancelled job's segment must free it for the next job's.
  server = await startServe({ dataDir, args: ['--workers', '1'] });
});
after(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function submit({ file, request }: { file: string; request: Record<string, unknown> }): Promise<string> {
  const created = await fetch(`${server.base}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  assert.equal(created.status, 201);
  const { job_id: jobId, upload } = (await created.json()) as CreateJobResponse;
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: await readFile(file) });
  assert.equal(put.status, 200, await put.clone().text());
  return jobId;
}

function logLines(): Array<Record<string, unknown>> {
  return server.cli
    .output()
    .stdout.split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('cancelling a job stops its running conversion within seconds: ffmpeg gone, work files deleted, the worker takes the next segment', async () => {
  // One segment of a minute: converting it takes about as long on this machine, so only a stop ends it early.
  const long = join(dir, 'long.mp4');
  const short = join(dir, 'short.mp4');
  await generateClip({ path: long, durationSec: 60, width: 320, height: 180, fps: 25, gop: 250 });
  await generateClip({ path: short, durationSec: 2, width: 160, height: 90, fps: 25, gop: 25 });
  const cancelled = await submit({ file: long, request: { format: 'sbs-half', depth: 'heuristic', segment_seconds: 120 } });

  // The segment's ffmpeg children name its work directory in their arguments.
  const videoWork = join(dataDir, 'tmp', 'video');
  let converting: Awaited<ReturnType<typeof processesWithArg>> = [];
  await untilRunning({
    what: 'the conversion of the long segment',
    cli: server.cli,
    deadline: Date.now() + 90_000,
    check: async () => (converting = (await processesWithArg(videoWork)).filter((p) => p.args.some((arg) => arg.endsWith('out.mp4')))).length > 0,
  });
  const workDir = dirname(converting[0]?.args.find((arg) => arg.endsWith('out.mp4')) ?? '');
  await sleep(1000);
  const next = await submit({ file: short, request: { format: 'sbs-half', depth: 'passthrough' } });

  const cancel = await fetch(`${server.base}/api/jobs/${cancelled}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(cancel.status, 200, await cancel.clone().text());
  const cancelledAt = Date.now();
  await untilRunning({ what: 'the end of the ffmpeg children', cli: server.cli, deadline: cancelledAt + 10_000, check: async () => (await processesWithArg(workDir)).length === 0 });
  const goneSec = (Date.now() - cancelledAt) / 1000;
  console.log(`cancel → the segment's ffmpeg children gone: ${goneSec.toFixed(2)} s`);
  assert.ok(goneSec < 5, `ffmpeg still ran ${goneSec} s after the cancel`);
  await untilRunning({ what: 'the removal of the work directory', cli: server.cli, deadline: Date.now() + 5000, check: async () => !(await stat(workDir).catch(() => undefined)) });

  // The freed loop converts the next job's segment: long before the cancelled one would have ended.
  const done = await waitForJob<JobView>({ base: server.base, jobId: next, done: (job) => job.status === 'completed' || job.status === 'failed', timeoutMs: 30_000 });
  assert.equal(done.status, 'completed', JSON.stringify(done.error));
  console.log(`cancel → the next job completed: ${((Date.now() - cancelledAt) / 1000).toFixed(2)} s`);

  const view = (await (await fetch(`${server.base}/api/jobs/${cancelled}`)).json()) as JobView;
  assert.equal(view.status, 'cancelled', 'not failed by the stopped conversion');
  assert.equal(view.segments_done, 0);
  const about = logLines().filter((line) => line.job_id === cancelled);
  const stopped = about.find((line) => line.msg === 'job cancelled; conversion stopped');
  assert.ok(stopped, `no stop line in ${JSON.stringify(about)}`);
  assert.equal(stopped.segment_index, 0);
  assert.ok(!about.some((line) => /retryable failure|permanent failure|job failed|message released/.test(String(line.msg))), JSON.stringify(about));
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  assert.match(metrics, /^stereo_spot_messages_total\{stage="video",outcome="dropped"\} 1$/m);
});
