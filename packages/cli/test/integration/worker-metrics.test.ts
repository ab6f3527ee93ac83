import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLocalBackend } from '@stereo-spot/local-adapters';
import { buildSegmentKey } from '@stereo-spot/shared-types';
import { freePort, generateClip, newJob } from '@stereo-spot/test-kit';
import { DEFAULT_METRICS_PORT } from '../../src/worker-config.ts';
import { startCli } from './run-cli.ts';
import { untilRunning } from './until-running.ts';


/** The value of the one sample line `series` (name with its labels), or undefined. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((text) => text.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('stereo-spot worker video: after converting a segment, /metrics counts it and its conversion; /healthz and /readyz answer 200', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-worker-metrics-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  const backend = await openLocalBackend({ dataDir });
  t.after(() => backend.close());

  // A job waiting for its one segment, as chunking leaves it.
  const job = newJob({ status: 'chunking_complete', total_segments: 1, format: 'sbs-half', options: { depth: 'heuristic' } });
  await backend.jobs.create(job);
  const clip = join(dir, 'segment.mp4');
  await generateClip({ path: clip, durationSec: 1, width: 96, height: 64, fps: 10 });
  await backend.storage.putFile({ bucket: 'input', key: buildSegmentKey({ jobId: job.job_id, segmentIndex: 0, totalSegments: 1, mode: 'sbs-half' }), path: clip, contentType: 'video/mp4' });

  const port = await freePort();
  const worker = startCli(['worker', 'video', '--data-dir', dataDir, '--metrics-port', String(port)], { METRICS_HOST: '127.0.0.1' });
  t.after(() => void worker.child.kill('SIGKILL'));
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: await response.text() };
  };

  const deadline = Date.now() + 120_000;
  await untilRunning({ what: 'the segment converted', check: async () => (await backend.completions.countByJob(job.job_id)) >= 1, cli: worker, deadline });
  const [completion] = await backend.completions.listByJob(job.job_id);
  assert.ok(completion?.started_at !== undefined && completion.started_at <= completion.completed_at, 'the completion records when the work started');

  // The message is counted once the loop has deleted it, just after the completion is written.
  let metrics = (await get('/metrics')).body;
  while (sample(metrics, 'stereo_spot_messages_total{stage="video",outcome="ok"}') !== 1) {
    assert.ok(Date.now() < deadline, `message never counted:\n${metrics}`);
    await sleep(100);
    metrics = (await get('/metrics')).body;
  }
  const labels = 'format="sbs-half",depth="heuristic"';
  assert.equal(sample(metrics, `stereo_spot_segment_conversion_seconds_count{${labels}}`), 1);
  assert.ok((sample(metrics, `stereo_spot_segment_conversion_seconds_sum{${labels}}`) ?? 0) > 0);
  assert.equal(sample(metrics, `stereo_spot_frames_converted_total{${labels}}`), 10);
  assert.equal(sample(metrics, `stereo_spot_segment_conversion_fps_count{${labels}}`), 1);
  assert.ok((sample(metrics, `stereo_spot_segment_conversion_fps_sum{${labels}}`) ?? 0) > 0);
  assert.equal(sample(metrics, 'stereo_spot_queue_wait_seconds_count{queue="video-worker"}'), 1);
  assert.equal(sample(metrics, 'stereo_spot_handler_duration_seconds_count{stage="video",outcome="ok"}'), 1);
  assert.ok((sample(metrics, 'process_resident_memory_bytes') ?? 0) > 0, 'process metrics too');

  assert.equal((await get('/healthz')).status, 200);
  assert.equal((await get('/readyz')).status, 200);

  worker.child.kill('SIGTERM');
  const result = await worker.result;
  assert.equal(result.code, 0, result.stderr);
  await assert.rejects(get('/healthz'), 'the endpoint closed with the worker');
});

test('stereo-spot worker: a metrics port asked for and already taken stops the start with the reason', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-worker-port-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => taken.close(() => resolve())));
  const { port } = taken.address() as { port: number };
  const worker = startCli(['worker', 'chunking', '--data-dir', join(dir, 'data'), '--metrics-port', String(port)], { METRICS_HOST: '127.0.0.1' });
  t.after(() => void worker.child.kill('SIGKILL'));
  const result = await worker.result;
  assert.equal(result.code, 1);
  assert.match(result.stderr, /EADDRINUSE/);
});

test('stereo-spot worker: with no metrics port set and the default one taken, it starts without the endpoint and says so', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-worker-default-port-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // Taken here, or already taken by something else on this machine: either way the worker must not have it.
  const taken = createServer();
  await new Promise<void>((resolve) => taken.once('error', () => resolve()).listen(DEFAULT_METRICS_PORT, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => (taken.listening ? taken.close(() => resolve()) : resolve())));
  const env: Record<string, string> = { METRICS_HOST: '127.0.0.1' };
  const worker = startCli(['worker', 'chunking', '--data-dir', join(dir, 'data')], env);
  t.after(() => void worker.child.kill('SIGKILL'));
  const deadline = Date.now() + 60_000;
  await untilRunning({ what: 'the start', check: () => worker.output().stdout.includes('"workers started"'), cli: worker, deadline });
  const lines = worker.output().stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string; port?: number; metrics_port?: unknown });
  assert.ok(lines.some((line) => line.msg.startsWith('the default metrics port is taken') && line.port === DEFAULT_METRICS_PORT), 'the warning names the port');
  assert.equal(lines.find((line) => line.msg === 'workers started')?.metrics_port, 'off');
  worker.child.kill('SIGTERM');
  const result = await worker.result;
  assert.equal(result.code, 0, result.stderr);
});
