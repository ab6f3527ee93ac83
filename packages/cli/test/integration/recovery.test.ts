import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLocalBackend } from '@stereo-spot/local-adapters';
import { generateClip } from '@stereo-spot/test-kit';
import { assertConverted } from './assert-converted.ts';
import { runCli, startCli, type RunningCli } from './run-cli.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-recovery-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The job a `convert` run is working on, from its run record. */
async function jobIdOfRun(dataDir: string): Promise<string | undefined> {
  const [record] = (await readdir(join(dataDir, 'runs')).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
  return record ? (JSON.parse(await readFile(join(dataDir, 'runs', record), 'utf8')) as { job_id: string }).job_id : undefined;
}

/** Polls the data directory from outside until some segments are done but the job is not. */
async function waitUntilMidJob(dataDir: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let jobId: string | undefined;
  while (!(jobId = await jobIdOfRun(dataDir))) {
    assert.ok(Date.now() < deadline, 'the job was never created');
    await sleep(20);
  }
  const backend = await openLocalBackend({ dataDir });
  try {
    for (;;) {
      assert.ok(Date.now() < deadline, 'the job never reached the middle');
      const job = await backend.jobs.get(jobId);
      assert.notEqual(job?.status, 'completed', 'the job completed before it could be killed');
      const done = await backend.completions.countByJob(jobId);
      if (done > 0) return done;
      await sleep(20);
    }
  } finally {
    await backend.close();
  }
}

async function waitForOutput(cli: RunningCli, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(cli.output().stdout)) {
    assert.ok(Date.now() < deadline, `no ${pattern} in: ${cli.output().stdout}${cli.output().stderr}`);
    await sleep(50);
  }
}

test('kill -9 in the middle of a job, then the same command again: the job resumes and the output is whole', async () => {
  const input = join(dir, 'long.mp4');
  const output = join(dir, 'long.out.mp4');
  const dataDir = join(dir, 'data-kill');
  await generateClip({ path: input, durationSec: 40, fps: 25, gop: 25, audioTracks: 1 });
  const args = ['convert', input, '-o', output, '--depth', 'passthrough', '--segment-seconds', '1', '--workers', '2', '--data-dir', dataDir];

  const first = startCli(args);
  const doneBeforeKill = await waitUntilMidJob(dataDir, 60_000);
  first.child.kill('SIGKILL');
  const killed = await first.result;
  assert.equal(killed.signal, 'SIGKILL');
  assert.ok(doneBeforeKill > 0 && doneBeforeKill < 40);

  const second = await runCli(args);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /done: 40 segments .*\(resumed\)/);
  const result = await assertConverted({ input, output, fps: 25 });
  assert.equal(result.videoFrames, 1000);

  const backend = await openLocalBackend({ dataDir });
  try {
    const completed = await backend.jobs.listCompleted({ limit: 10 });
    assert.equal(completed.jobs.length, 1, 'one job, resumed rather than started again');
    for (const queue of ['chunking', 'video-worker', 'reassembly'] as const) {
      assert.deepEqual(await backend.deadLetterQueue(queue).approximateCount(), { visible: 0, inFlight: 0 }, `${queue} dead-letter queue is empty`);
    }
  } finally {
    await backend.close();
  }
});

test('worker all: SIGTERM stops it cleanly with exit status 0', async () => {
  const dataDir = join(dir, 'data-worker');
  const worker = startCli(['worker', 'all', '--data-dir', dataDir, '--grace-seconds', '5']);
  await waitForOutput(worker, /workers started/, 20_000);
  worker.child.kill('SIGTERM');
  const result = await worker.result;
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /workers stopped/);
});
