import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildReassemblyPayload, buildSourceKey, errorMessage, type Job } from '@stereo-spot/shared-types';
import { generateClip } from '../generate-clip.js';
import { inspectMedia } from '../inspect-media.js';
import { newJob } from '../temp-backend.js';
import { countFaultRun, type FaultRunCounts } from './count-fault-run.js';
import { FAULT_BAD_INPUTS } from './fault-bad-inputs.js';
import type { FaultTarget, FaultWorkerProcess } from './fault-target.js';
import { lateReversedChunking } from './late-reversed-chunking.js';
import { seededRandom } from './seeded-random.js';

/** Deliveries allowed per message in a fault run: fewer kills than this can never dead-letter a good job. */
export const FAULT_MAX_RECEIVES = 6;

const isOpen = (job: Job | undefined) => job?.status !== 'completed' && job?.status !== 'failed';

/**
 * A backend under fire: `goodJobs` jobs of real clips plus the bad inputs, submitted at once (each good input's
 * object event delivered twice for every other job, a stray reassembly message for every third), worked by two
 * `stereo-spot worker all` processes of which one is killed with SIGKILL `kills` times at random moments and
 * replaced, and by a chunking worker in this process that finishes its jobs late and backwards, while the target's
 * disturbances strike; then left to finish (until `timeoutMs` after the start). Counts what became of every job.
 */
export async function runFaultRun({ target, workDir, goodJobs, kills, seed = 1, timeoutMs, lateChunkingWaitMs = 60_000, logDir }: {
  target: FaultTarget;
  /** Scratch folder for the clips (the caller removes it). */
  workDir: string;
  goodJobs: number;
  kills: number;
  seed?: number;
  timeoutMs: number;
  lateChunkingWaitMs?: number;
  /** Where to keep every worker process's log, one file each. */
  logDir?: string;
}): Promise<FaultRunCounts> {
  const started = Date.now();
  const random = seededRandom(seed);
  const { backend } = target;
  await mkdir(workDir, { recursive: true });
  const good = join(workDir, 'good.mp4');
  await generateClip({ path: good, durationSec: 4, width: 160, height: 96, fps: 25, gop: 25, audioTracks: 1 });
  const inputFrames = (await inspectMedia(good)).videoFrames;

  // Started first, so that it takes the first job at least.
  const late = lateReversedChunking({ backend: target.chunkerBackend ?? backend, waitMs: lateChunkingWaitMs });
  const chunker = target.startChunker(late.backend);
  const outputs: Array<{ stdout: string; stderr: string }> = [];
  const workers: FaultWorkerProcess[] = [];
  const stopping = new AbortController();
  let disturbances: Array<Promise<Record<string, number>>> | undefined;
  const jobs: Job[] = [];
  const badInputs = new Map<string, { name: string; reason: RegExp }>();
  let killed = 0;
  let restarts = 0;
  const disturbanceErrors: string[] = [];
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
      // A duplicate object event (S3 delivers at least once): the same upload again. Not for the first job, which
      // the late chunker takes: a worker chunking its duplicate at once would mark it chunking_complete first.
      if (i % 2 === 1) await backend.storage.putFile({ bucket: 'input', key: buildSourceKey(job.job_id), path: good, contentType: 'video/mp4' });
      // A stray reassembly message before the job is ready, as a late duplicate would be.
      if (i % 3 === 0) await backend.queues.reassembly.send({ body: buildReassemblyPayload(job.job_id) });
    }
    for (const bad of FAULT_BAD_INPUTS) {
      const path = join(workDir, `${bad.name.replace(/ /g, '-')}.mp4`);
      await bad.make(path, good);
      badInputs.set((await submit(path)).job_id, bad);
    }

    disturbances = target.disturbances.map((disturbance) =>
      disturbance.run({ signal: stopping.signal, random }).catch((error: unknown) => {
        disturbanceErrors.push(`a disturbance failed: ${errorMessage(error)}`);
        return {};
      }),
    );
    workers.push(target.startWorker(), target.startWorker());
    // A worker that exits by itself (it could not open its storage, say) is started again, as a supervisor would.
    const restartExited = async () => {
      for (const [i, worker] of workers.entries()) {
        if (worker.child.exitCode === null && worker.child.signalCode === null) continue;
        outputs.push(await worker.result);
        workers[i] = target.startWorker();
        restarts += 1;
      }
    };
    for (let i = 0; i < kills; i++) {
      await sleep(300 + random() * 2200);
      // Counted by how the worker ended, not by the attempt: a worker that exited by itself just before the
      // signal (it could not open its storage, say) was restarted, not killed, and another kill is made.
      for (;;) {
        await restartExited();
        const victim = Math.floor(random() * workers.length);
        const worker = workers[victim]!;
        worker.child.kill('SIGKILL');
        outputs.push(await worker.result);
        workers[victim] = target.startWorker();
        if (worker.child.signalCode === 'SIGKILL') break;
        restarts += 1;
        await sleep(200);
      }
      killed += 1;
    }
    // Then let them finish.
    const deadline = started + timeoutMs;
    // A read that fails in a storage fault window counts as "not finished yet".
    const anyOpen = () => Promise.all(jobs.map((job) => backend.jobs.get(job.job_id))).then((found) => found.some(isOpen), () => true);
    while (Date.now() < deadline && (await anyOpen())) {
      await restartExited();
      await sleep(500);
    }
  } finally {
    stopping.abort();
    for (const worker of workers) worker.child.kill('SIGTERM');
    for (const worker of workers) outputs.push(await worker.result);
    await chunker.stop({ graceMs: 1000 });
  }
  if (logDir) {
    await mkdir(logDir, { recursive: true });
    await Promise.all(outputs.map(({ stdout, stderr }, i) => writeFile(join(logDir, `${target.name}-worker-${i}.log`), stdout + stderr)));
  }
  const faults = Object.assign({ 'workers restarted after exiting': restarts }, ...(await Promise.all(disturbances ?? []))) as Record<string, number>;
  const counts = await countFaultRun({ target, jobs, badInputs, inputFrames, outputs: outputs.map((output) => output.stdout), scratchDir: workDir, lateChunking: late.stats, kills: killed, faults, seconds: (Date.now() - started) / 1000 });
  counts.unexpected.push(...disturbanceErrors);
  return counts;
}
