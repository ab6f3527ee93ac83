import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLocalBackend } from '@stereo-spot/local-adapters';
import { buildFinalKey, buildReassemblyPayload, buildSourceKey, type Job } from '@stereo-spot/shared-types';
import { generateClip, inspectMedia, newJob, writeGarbledMp4Copy, writeTextFile, writeTruncatedCopy, writeZeroLengthFile } from '@stereo-spot/test-kit';
import { startCli, type RunningCli } from './run-cli.ts';

/** Inputs that must fail, with the words their job's error must contain. */
const BAD_INPUTS = [
  { name: 'zero-length', make: (path: string) => writeZeroLengthFile(path) },
  { name: 'not a video', make: (path: string) => writeTextFile(path) },
  { name: 'truncated', make: (path: string, good: string) => writeTruncatedCopy({ from: good, to: path, fraction: 0.3 }) },
  { name: 'garbled', make: (path: string, good: string) => writeGarbledMp4Copy({ from: good, to: path }) },
] as const;

/** Deliveries allowed per message in the run: fewer kills than this can never dead-letter a good job. */
export const FAULT_MAX_RECEIVES = 6;

export interface FaultRunCounts {
  submitted: number;
  completed: number;
  /** Failed as expected: a bad input, with a reason. */
  failedAsExpected: number;
  /**
   * Good jobs failed because a message of theirs was delivered as often as allowed and never finished (its worker
   * was killed every time): the protection against poison messages, expected only when kills outnumber the
   * allowed deliveries.
   */
  deadLettered: number;
  /** Failed although the input was good (for another reason), or a bad input that did not fail. */
  unexpected: string[];
  /** Not finished (neither completed nor failed) when the run ended. */
  lost: number;
  /** Jobs whose final file was written more than once. */
  duplicateFinalWrites: number;
  /** Completed jobs whose output has a frame count other than the input's. */
  wrongFrameCounts: number;
  kills: number;
  seconds: number;
}

/**
 * The embedded backend under fire: `goodJobs` jobs of real clips plus the bad inputs, submitted at once (each good
 * input's object event delivered twice, and a stray reassembly message for some), worked by two `stereo-spot
 * worker all` processes of which one is killed with SIGKILL `kills` times at random moments and replaced, then
 * left to finish. Counts what became of every job.
 */
export async function runFaultRun({ dir, goodJobs, kills, seed = 1, timeoutMs }: { dir: string; goodJobs: number; kills: number; seed?: number; timeoutMs: number }): Promise<FaultRunCounts> {
  const started = Date.now();
  let state = seed >>> 0 || 1;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const dataDir = join(dir, 'data');
  await mkdir(dataDir, { recursive: true });
  const good = join(dir, 'good.mp4');
  await generateClip({ path: good, durationSec: 4, width: 160, height: 96, fps: 25, gop: 25, audioTracks: 1 });
  const inputFrames = (await inspectMedia(good)).videoFrames;

  const backend = await openLocalBackend({ dataDir });
  const expectedFailures = new Map<string, string>();
  const jobs: Job[] = [];
  try {
    const submit = async (path: string): Promise<Job> => {
      const job = newJob({ format: 'sbs-half', options: { depth: 'passthrough', segment_seconds: 1 } });
      await backend.jobs.create(job);
      await backend.storage.putFile({ bucket: 'input', key: buildSourceKey(job.job_id), path, contentType: 'video/mp4' });
      jobs.push(job);
      return job;
    };
    for (let i = 0; i < goodJobs; i++) {
      const job = await submit(good);
      // A duplicate object event (S3 delivers at least once): the same upload again.
      if (i % 2 === 0) await backend.storage.putFile({ bucket: 'input', key: buildSourceKey(job.job_id), path: good, contentType: 'video/mp4' });
      // A stray reassembly message before the job is ready, as a late duplicate would be.
      if (i % 3 === 0) await backend.queues.reassembly.send({ body: buildReassemblyPayload(job.job_id) });
    }
    for (const bad of BAD_INPUTS) {
      const path = join(dir, `${bad.name.replace(/ /g, '-')}.mp4`);
      await bad.make(path, good);
      expectedFailures.set((await submit(path)).job_id, bad.name);
    }
  } finally {
    await backend.close();
  }

  const env = { CHUNK_SEGMENT_DURATION_SEC: '1', STEREO_SPOT_MAX_RECEIVE_COUNT: String(FAULT_MAX_RECEIVES), LOG_LEVEL: 'info' };
  const outputs: string[] = [];
  const start = (): RunningCli => startCli(['worker', 'all', '--data-dir', dataDir, '--concurrency', '1', '--grace-seconds', '1'], env);
  const workers = [start(), start()];
  let done = 0;
  try {
    for (; done < kills; done++) {
      await sleep(300 + random() * 2200);
      const victim = Math.floor(random() * workers.length);
      workers[victim]!.child.kill('SIGKILL');
      outputs.push((await workers[victim]!.result).stdout);
      workers[victim] = start();
    }
    // Then let them finish.
    const deadline = started + timeoutMs;
    while (Date.now() < deadline && (await unfinished(dataDir, jobs)) > 0) await sleep(500);
  } finally {
    for (const worker of workers) worker.child.kill('SIGTERM');
    for (const worker of workers) outputs.push((await worker.result).stdout);
  }
  return count({ dataDir, jobs, expectedFailures, inputFrames, outputs, kills: done, seconds: (Date.now() - started) / 1000 });
}

async function unfinished(dataDir: string, jobs: Job[]): Promise<number> {
  const backend = await openLocalBackend({ dataDir });
  try {
    let open = 0;
    for (const { job_id } of jobs) {
      const status = (await backend.jobs.get(job_id))?.status;
      if (status !== 'completed' && status !== 'failed') open++;
    }
    return open;
  } finally {
    await backend.close();
  }
}

async function count({ dataDir, jobs, expectedFailures, inputFrames, outputs, kills, seconds }: {
  dataDir: string;
  jobs: Job[];
  expectedFailures: Map<string, string>;
  inputFrames: number;
  outputs: string[];
  kills: number;
  seconds: number;
}): Promise<FaultRunCounts> {
  const writes = new Map<string, number>();
  for (const line of outputs.join('\n').split('\n')) {
    if (!line.includes('final.mp4 written')) continue;
    const jobId = (JSON.parse(line) as { job_id?: string }).job_id ?? '?';
    writes.set(jobId, (writes.get(jobId) ?? 0) + 1);
  }
  const counts: FaultRunCounts = { submitted: jobs.length, completed: 0, failedAsExpected: 0, deadLettered: 0, unexpected: [], lost: 0, duplicateFinalWrites: 0, wrongFrameCounts: 0, kills, seconds };
  counts.duplicateFinalWrites = [...writes.values()].filter((n) => n > 1).length;
  const backend = await openLocalBackend({ dataDir });
  try {
    for (const { job_id } of jobs) {
      const job = await backend.jobs.get(job_id);
      const bad = expectedFailures.get(job_id);
      if (job?.status === 'completed') {
        if (bad) counts.unexpected.push(`${bad} input completed`);
        else counts.completed++;
        const path = join(dataDir, 'final-check.mp4');
        await backend.storage.getToFile({ bucket: 'output', key: buildFinalKey(job_id), path });
        if ((await inspectMedia(path)).videoFrames !== inputFrames) counts.wrongFrameCounts++;
      } else if (job?.status === 'failed') {
        if (bad && job.error?.message) counts.failedAsExpected++;
        else if (job.error?.message.includes('dead-letter queue')) counts.deadLettered++;
        else counts.unexpected.push(`good job failed: ${job.error?.stage} ${job.error?.message}`);
      } else counts.lost++;
    }
  } finally {
    await backend.close();
  }
  return counts;
}
