import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createChunkingHandler } from '@stereo-spot/media-worker';
import { buildSourceKey, overrideMethods, silentLogger, type Backend, type Job, type Queue, type QueueMessage } from '@stereo-spot/shared-types';
import { newJob } from '@stereo-spot/test-kit';

/**
 * The states operators recover jobs from, made on any backend with the real worker code: the operator suites of
 * both backends (embedded, and AWS on the emulators) drive the CLI from them.
 */
type ScenarioBackend = Pick<Backend, 'jobs' | 'completions' | 'lock' | 'queues' | 'storage'>;

/** A pass-through job cut into 1-second segments, its source uploaded (which sends its chunking message). */
export async function submitJob({ backend, sourcePath }: { backend: ScenarioBackend; sourcePath: string }): Promise<Job> {
  const job = newJob({ format: 'sbs-half', options: { depth: 'passthrough', segment_seconds: 1 } });
  await backend.jobs.create(job);
  await backend.storage.putFile({ bucket: 'input', key: buildSourceKey(job.job_id), path: sourcePath, contentType: 'video/mp4' });
  return job;
}

/**
 * Takes `count` messages off a queue (waiting for them: object events may arrive late) and deletes them, as a
 * worker that consumed them, or a dead-letter queue that took them, would.
 */
export async function takeMessages({ queue, count, timeoutMs = 20_000, where = () => true }: { queue: Queue; count: number; timeoutMs?: number; where?: (message: QueueMessage) => boolean }): Promise<QueueMessage[]> {
  const taken: QueueMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  while (taken.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${taken.length} of ${count} messages arrived on ${queue.name}`);
    for (const message of await queue.receive({ maxMessages: 10, waitSeconds: 1, visibilityTimeoutSec: 30 })) {
      if (where(message)) {
        await queue.delete(message.receiptHandle);
        taken.push(message);
      } else {
        await queue.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: 0 });
      }
    }
  }
  return taken;
}

/** The job's chunking message, taken off the queue. */
export async function takeChunkingMessage({ backend, job }: { backend: ScenarioBackend; job: Job }): Promise<QueueMessage> {
  const [message] = await takeMessages({ queue: backend.queues.chunking, count: 1, where: (m) => m.body.includes(job.job_id) });
  return message!;
}

/**
 * Runs the real chunking handler on the job's chunking message. With `dieBeforeMarking`, the worker "dies" after
 * uploading every segment (and the kept streams) but before its `chunking_complete` update: the state
 * `recover-chunking` is for.
 */
export async function runChunking({ backend, job, workDir, dieBeforeMarking = false }: { backend: ScenarioBackend; job: Job; workDir: string; dieBeforeMarking?: boolean }): Promise<void> {
  const message = await takeChunkingMessage({ backend, job });
  const jobs = dieBeforeMarking
    ? overrideMethods(backend.jobs, {
        async transition(args) {
          if (args.to === 'chunking_complete') throw new Error('the chunking worker died');
          return backend.jobs.transition(args);
        },
      })
    : backend.jobs;
  const handler = createChunkingHandler({ backend: { jobs, completions: backend.completions, lock: backend.lock, queues: backend.queues, storage: backend.storage }, workDir: join(workDir, `chunking-${job.job_id}`), defaultSegmentSeconds: 1 });
  try {
    await handler.handle({ message, signal: new AbortController().signal, logger: silentLogger() });
  } catch (error) {
    if (!(dieBeforeMarking && (error as Error).message === 'the chunking worker died')) throw error;
  }
}

/** Polls until `check` holds (or fails the test with `what`). */
export async function waitFor<T>({ what, timeoutMs = 60_000, check }: { what: string; timeoutMs?: number; check: () => Promise<T | undefined | false> }): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Waits until the job reaches `status` (and returns it). */
export async function waitForStatus({ backend, jobId, status, timeoutMs }: { backend: ScenarioBackend; jobId: string; status: Job['status']; timeoutMs?: number }): Promise<Job> {
  return waitFor({ what: `job ${jobId} to be ${status}`, ...(timeoutMs ? { timeoutMs } : {}), check: async () => {
    const job = await backend.jobs.get(jobId);
    return job?.status === status ? job : undefined;
  } });
}
