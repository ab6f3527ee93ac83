import { rename, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  cachedModelPath,
  DEPTH_MODEL_CATALOGUE,
  fetchCommand,
  isCatalogueModelName,
  finalKeyOf,
  jobProgress,
  newJob,
  resultFileName,
  type Container,
  buildSourceKey,
  createJobRequestSchema,
  describeIssue,
  isFinalStatus,
  deleteJobObjects,
  PermanentError,
  UsageError,
  type Job,
  type Logger,
  type OutputFormat,
} from '@stereo-spot/shared-types';
import type { LocalBackend } from '@stereo-spot/local-adapters';
import { forgetRunRecord, readRunRecord, writeRunRecord, type ConvertRunIdentity } from '../convert-run-record.js';
import { startWorkers } from '../embedded-workers.js';
import { openEmbeddedBackend } from '../open-backend.js';
import { stopWorkers } from '../stop-workers.js';
import type { ConvertPhase, ProgressReporter } from '../progress-reporter.js';
import type { WorkerConfig } from '../worker-config.js';

export interface ConvertOptions {
  input: string;
  output?: string;
  /** The job's settings as given (flags), validated like an API request: format, depth, divergence… */
  request: Record<string, unknown>;
  workers: number;
  dataDir: string;
  /** The name the job keeps (default: the input's file name). */
  sourceName?: string;
  /** When `signal` aborts, how long the segments in hand may take to finish before they are cut short (default 2 s). */
  graceMs?: number;
}

/** The job failed: the stage and the reason are for the person at the terminal. */
export class ConversionFailedError extends PermanentError {}

/**
 * `<input name>_<layout tag>.<container>` next to the input (the name players read the stereo mode from);
 * `<input name>-preview_<tag>` for a preview.
 */
export function defaultOutputPath({ input, format, container, preview = false, stereo = true }: { input: string; format: OutputFormat; container?: Container | undefined; preview?: boolean; stereo?: boolean }): string {
  return join(dirname(input), resultFileName({ jobId: '', sourceName: basename(input), format, ...(container ? { container } : {}), preview, stereo }));
}

async function validateInput(input: string): Promise<{ size: number; mtimeMs: number }> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new UsageError(`input file not found: ${input}`);
  if (!info.isFile()) throw new UsageError(`input is not a file: ${input}`);
  return { size: info.size, mtimeMs: info.mtimeMs };
}

/**
 * `stereo-spot convert`: the whole job flow on the embedded backend in this process — create the job, upload
 * the source (its object event starts chunking), let the workers chunk, convert and reassemble, then copy the
 * result out. Running the same command again after an interruption resumes the same job.
 */
export async function convert({
  options,
  config,
  logger,
  reporter,
  signal,
  stopNow,
}: {
  options: ConvertOptions;
  config: WorkerConfig;
  logger: Logger;
  reporter: ProgressReporter;
  /** Stop waiting: the segments in hand finish within `graceMs`, the rest waits for the same command again. */
  signal?: AbortSignal;
  /** Cut that grace period short. */
  stopNow?: AbortSignal;
}): Promise<{ outputPath: string; job: Job; resumed: boolean }> {
  const parsed = createJobRequestSchema.safeParse(Object.fromEntries(Object.entries(options.request).filter(([, value]) => value !== undefined)));
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${describeIssue(issue)}`).join('; '));
  // The original name is the input's own; a `filename` in the request is not a convert option.
  const { format, filename: _ignored, ...jobOptions } = parsed.data;
  if (jobOptions.depth === 'onnx' && !config.depthModelPath) {
    throw new UsageError('--depth onnx needs a depth model file: pass --model <path> or set STEREO_DEPTH_MODEL');
  }
  if (isCatalogueModelName(jobOptions.depth) && !cachedModelPath({ name: jobOptions.depth })) {
    throw new UsageError(`the depth model ${jobOptions.depth} is not in the model cache; fetch it with: ${fetchCommand(DEPTH_MODEL_CATALOGUE[jobOptions.depth])}`);
  }
  const inputPath = resolve(options.input);
  const { size, mtimeMs } = await validateInput(inputPath);
  const outputPath = resolve(options.output ?? defaultOutputPath({ input: inputPath, format, container: jobOptions.container, preview: jobOptions.preview_seconds !== undefined, stereo: jobOptions.depth !== 'passthrough' }));
  if (outputPath === inputPath) throw new UsageError('the output path is the input path; choose another with -o');

  const backend = await openEmbeddedBackend({ config, dataDir: options.dataDir });
  const workers = await startWorkers({ backend, role: 'all', config, logger, videoConcurrency: options.workers, dataDir: options.dataDir });
  if (workers.released > 0) logger.info({ released: workers.released }, 'released messages held by processes that died');
  const identity: ConvertRunIdentity = { inputPath, size, mtimeMs, format, options: jobOptions };
  try {
    const { job, resumed } = await createOrResumeJob({ backend, identity, sourceName: options.sourceName ?? basename(inputPath), logger });
    const log = logger.child({ job_id: job.job_id });
    log.info({ input: inputPath, output: outputPath, resumed }, resumed ? 'resuming job' : 'job created');
    const started = Date.now();
    if (job.status === 'created') {
      reporter.update({ phase: 'uploading', segmentsDone: 0, elapsedMs: 0, convertingMs: 0 });
      await backend.storage.putFile({ bucket: 'input', key: buildSourceKey(job.job_id), path: inputPath, contentType: 'video/mp4' });
    }
    const finished = await waitForJob({ backend, jobId: job.job_id, reporter, started, signal });
    if (finished.status !== 'completed') {
      await deleteJobObjects({ storage: backend.storage, jobId: job.job_id }); // ended without a result: they would only fill the disk
      await forgetRunRecord({ dataDir: options.dataDir, identity });
      throw new ConversionFailedError(
        finished.status === 'cancelled'
          ? `job ${job.job_id} was cancelled by an operator`
          : `conversion failed at ${finished.error?.stage ?? 'an unknown stage'}: ${finished.error?.message ?? 'no reason recorded'}`,
      );
    }
    reporter.update({ phase: 'copying', segmentsDone: finished.total_segments ?? 0, totalSegments: finished.total_segments, elapsedMs: Date.now() - started, convertingMs: 0 });
    const partial = `${outputPath}.partial-${process.pid}`;
    await backend.storage.getToFile({ bucket: 'output', key: finalKeyOf(job), path: partial });
    await rename(partial, outputPath);
    await deleteJobObjects({ storage: backend.storage, jobId: job.job_id }); // ended and copied out: they would only fill the disk
    await forgetRunRecord({ dataDir: options.dataDir, identity });
    return { outputPath, job: finished, resumed };
  } finally {
    reporter.finish();
    await stopWorkers({ workers, graceMs: options.graceMs ?? 2000, now: stopNow });
    await backend.close();
  }
}

async function createOrResumeJob({ backend, identity, sourceName, logger }: { backend: LocalBackend; identity: ConvertRunIdentity; sourceName: string; logger: Logger }): Promise<{ job: Job; resumed: boolean }> {
  const dataDir = backend.dataDir;
  const previousId = await readRunRecord({ dataDir, identity });
  const previous = previousId ? await backend.jobs.get(previousId) : undefined;
  if (previous && previous.status !== 'failed' && previous.status !== 'cancelled') {
    if (previous.status !== 'completed' || (await backend.storage.exists({ bucket: 'output', key: finalKeyOf(previous) }))) {
      return { job: previous, resumed: true };
    }
  }
  if (previous) logger.info({ job_id: previous.job_id, status: previous.status }, 'previous run cannot be resumed; starting a new job');
  const job = newJob({ format: identity.format, options: identity.options, sourceName });
  await backend.jobs.create(job);
  await writeRunRecord({ dataDir, identity, jobId: job.job_id });
  return { job, resumed: false };
}

const PHASE_OF_STATUS: Readonly<Record<Job['status'], ConvertPhase>> = {
  created: 'uploading',
  chunking_in_progress: 'chunking',
  chunking_complete: 'converting',
  completed: 'reassembling',
  failed: 'converting',
  cancelled: 'converting',
};

async function waitForJob({
  backend,
  jobId,
  reporter,
  started,
  signal,
}: {
  backend: LocalBackend;
  jobId: string;
  reporter: ProgressReporter;
  started: number;
  signal?: AbortSignal;
}): Promise<Job> {
  let convertingSince: number | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const job = await backend.jobs.get(jobId);
    if (!job) throw new ConversionFailedError(`job ${jobId} disappeared from the data directory`);
    if (isFinalStatus(job.status)) return job;
    const segmentsDone = await backend.completions.countByJob(jobId);
    let phase = PHASE_OF_STATUS[job.status];
    if (job.status === 'chunking_complete') {
      convertingSince ??= Date.now();
      if (segmentsDone === job.total_segments) phase = 'reassembling';
    }
    const progress = jobProgress({ job, segmentsDone });
    reporter.update({ phase, segmentsDone, totalSegments: job.total_segments, ...(progress === undefined ? {} : { progress }), elapsedMs: Date.now() - started, convertingMs: convertingSince ? Date.now() - convertingSince : 0 });
    await sleep(250, undefined, signal ? { signal } : undefined);
  }
}


