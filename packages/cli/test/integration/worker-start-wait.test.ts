import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE_NAME, openLocalBackend } from '@stereo-spot/local-adapters';
import { buildSegmentKey } from '@stereo-spot/shared-types';
import { freePort, generateClip, newJob } from '@stereo-spot/test-kit';
import { startCli } from './run-cli.ts';
import { startLockHolder } from './start-lock-holder.ts';
import { untilRunning, WAITING_TO_START } from './until-running.ts';

test('stereo-spot worker started while another process holds the database lock: waits live but not ready, then starts and converts; stopped while waiting, it exits 0', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-worker-wait-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  const backend = await openLocalBackend({ dataDir });
  t.after(() => backend.close());
  const job = newJob({ status: 'chunking_complete', total_segments: 1, format: 'sbs-half', options: { depth: 'passthrough' } });
  await backend.jobs.create(job);
  const clip = join(dir, 'segment.mp4');
  await generateClip({ path: clip, durationSec: 1, width: 96, height: 64, fps: 10 });
  await backend.storage.putFile({ bucket: 'input', key: buildSegmentKey({ jobId: job.job_id, segmentIndex: 0, totalSegments: 1, mode: 'sbs-half' }), path: clip, contentType: 'video/mp4' });

  // Longer than the database's 5-s busy timeout, so the first start fails with "database is busy".
  const holder = startLockHolder({ dbPath: join(dataDir, DATABASE_FILE_NAME), ms: 9000 });
  await holder.locked;
  const port = await freePort();
  const worker = startCli(['worker', 'video', '--data-dir', dataDir, '--metrics-port', String(port)], { METRICS_HOST: '127.0.0.1' });
  const stopped = startCli(['worker', 'video', '--data-dir', dataDir, '--metrics-port', '0']);
  t.after(() => void worker.child.kill('SIGKILL'));
  t.after(() => void stopped.child.kill('SIGKILL'));
  const status = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) })).status;

  const deadline = Date.now() + 60_000;
  await untilRunning({ what: 'the first worker waiting', check: () => worker.output().stdout.includes(WAITING_TO_START), cli: worker, deadline });
  await untilRunning({ what: 'the second worker waiting', check: () => stopped.output().stdout.includes(WAITING_TO_START), cli: stopped, deadline });
  assert.equal(await status('/healthz'), 200, 'live while it waits: no restart needed');
  assert.equal(await status('/readyz'), 503, 'not ready while it waits');
  assert.equal(await backend.completions.countByJob(job.job_id), 0);

  stopped.child.kill('SIGTERM');
  const stoppedResult = await stopped.result;
  assert.equal(stoppedResult.code, 0, stoppedResult.stderr);
  assert.ok(!stoppedResult.stdout.includes('"workers started"'), 'stopped before it started');

  await holder.released;
  await untilRunning({ what: 'the segment converted', check: async () => (await backend.completions.countByJob(job.job_id)) === 1, cli: worker, deadline: Date.now() + 120_000 });
  assert.match(worker.output().stdout, /"workers started"/);
  assert.equal(await status('/readyz'), 200, 'ready once its loops receive');

  worker.child.kill('SIGTERM');
  const result = await worker.result;
  assert.equal(result.code, 0, result.stderr);
});
