import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  buildSubtitleTrackKey,
  CONTAINER_MEDIA_TYPE,
  DEFAULT_CONTAINER,
  finalKeyOf,
  buildReassemblyPayload,
  buildStreamsKey,
  errorMessage,
  parseConvertedSegmentKey,
  parseReassemblyPayload,
  parseS3Uri,
  RetryableError,
  type Backend,
  type Job,
  type Logger,
  type SegmentCompletion,
  type StageTimes,
} from '@stereo-spot/shared-types';
import { withWorkDir, type MessageHandler } from '@stereo-spot/worker-runtime';
import { extractWebSubtitles } from './media/extract-web-subtitles.js';
import { joinSegments } from './media/join-segments.js';

/** SQS's longest message delay. */
const MAX_DELAY_SEC = 900;

/**
 * The job's stage times once it completes: chunking as the chunking worker wrote it, conversion from the
 * earliest segment start to the last segment completion, reassembly from this worker's lease to now.
 */
function stageTimesAtCompletion({ job, segments, reassemblyStartedAt, now }: { job: Job; segments: readonly SegmentCompletion[]; reassemblyStartedAt: number; now: number }): StageTimes {
  const starts = segments.flatMap((segment) => (segment.started_at === undefined ? [] : [segment.started_at]));
  const video = starts.length > 0 ? { started_at: Math.min(...starts), ended_at: Math.max(...segments.map((segment) => segment.completed_at)) } : undefined;
  return {
    ...(job.stage_times?.chunking ? { chunking: job.stage_times.chunking } : {}),
    ...(video ? { video } : {}),
    reassembly: { started_at: reassemblyStartedAt, ended_at: now },
  };
}

/**
 * Reassembly: one worker per job (the lease on ReassemblyTriggered), idempotent (a job already completed, or
 * whose final file already exists, is only marked completed), segments listed from SegmentCompletions, never
 * from a bucket listing. The final file is written whole or not at all.
 */
export function createReassemblyHandler({
  backend,
  workDir,
  leaseSec = 180,
}: {
  backend: Pick<Backend, 'jobs' | 'completions' | 'lock' | 'storage' | 'queues'>;
  workDir: string;
  /** How long the lease survives its holder; renewed every third of it while the holder works. */
  leaseSec?: number;
}): MessageHandler {
  const { jobs, completions, lock, storage, queues } = backend;

  async function markCompleted({ job, segments, reassemblyStartedAt, logger }: { job: Job; segments: readonly SegmentCompletion[]; reassemblyStartedAt: number; logger: Logger }): Promise<void> {
    const now = Date.now();
    const stageTimes = stageTimesAtCompletion({ job, segments, reassemblyStartedAt, now });
    const result = await jobs.transition({ jobId: job.job_id, from: ['chunking_complete'], to: 'completed', patch: { completed_at: now, stage_times: stageTimes } });
    if (result.applied) logger.info({ stage_times: stageTimes }, 'job completed');
    else logger.info({ status: result.current?.status }, 'job not awaiting completion; left as is');
  }

  async function reassemble({ job, reassemblyStartedAt, signal, logger }: { job: Job; reassemblyStartedAt: number; signal: AbortSignal; logger: Logger }): Promise<void> {
    const jobId = job.job_id;
    const finalKey = finalKeyOf(job);
    const container = job.options.container ?? DEFAULT_CONTAINER;
    if (await storage.exists({ bucket: 'output', key: finalKey })) {
      logger.info({ key: finalKey }, 'final file already exists; marking completed');
      return markCompleted({ job, segments: await completions.listByJob(jobId), reassemblyStartedAt, logger });
    }
    const source = job.source;
    if (!source) throw new RetryableError('job has no source facts yet');
    const total = job.total_segments ?? 0;
    const segments = await completions.listByJob(jobId);
    const indexes = segments.map((segment) => segment.segment_index);
    if (segments.length !== total || indexes.some((index, position) => index !== position)) {
      throw new RetryableError(`expected segments 0..${total - 1}, found ${segments.length} (${indexes.slice(0, 10).join(',')})`);
    }
    await withWorkDir({ baseDir: workDir, prefix: 'reassembly' }, async (dir) => {
      const segmentPaths: string[] = [];
      for (const segment of segments) {
        const { key } = parseS3Uri(segment.output_s3_uri);
        parseConvertedSegmentKey(key);
        const path = join(dir, `${segment.segment_index}.mp4`);
        await storage.getToFile({ bucket: 'output', key, path });
        segmentPaths.push(path);
      }
      let keptStreamsPath: string | undefined;
      if (source.audio_streams.length + source.subtitle_streams.length > 0) {
        keptStreamsPath = join(dir, 'streams.mkv');
        await storage.getToFile({ bucket: 'input', key: buildStreamsKey(jobId), path: keptStreamsPath });
      }
      // Before the final file: once it exists, a retry only marks the job completed.
      if (keptStreamsPath) {
        const subtitles = await extractWebSubtitles({ keptStreamsPath, facts: source, outDir: dir, signal });
        for (const { position, path } of subtitles) {
          await storage.putFile({ bucket: 'output', key: buildSubtitleTrackKey({ jobId, position }), path, contentType: 'text/vtt', consume: true });
        }
      }
      const outPath = join(dir, `final.${container}`);
      // Pass-through segments are the source's 2D pictures: nothing may announce them as stereo.
      const layout = job.options.depth === 'passthrough' ? undefined : job.format;
      const { warnings } = await joinSegments({ segmentPaths, keptStreamsPath, facts: source, outPath, layout, container, signal });
      for (const warning of warnings) logger.warn({ warning }, 'stream not kept');
      await storage.putFile({ bucket: 'output', key: finalKey, path: outPath, contentType: CONTAINER_MEDIA_TYPE[container], consume: true });
      // Operators (and the fault suite) count these: a job's final file must be written once.
      logger.info({ key: finalKey }, 'final file written');
    });
    await markCompleted({ job, segments, reassemblyStartedAt, logger });
  }

  return {
    stage: 'reassembly',
    subjectOf(body) {
      try {
        return { jobId: parseReassemblyPayload(body).job_id };
      } catch {
        return undefined;
      }
    },
    async handle({ message, signal, logger }) {
      const { job_id: jobId } = parseReassemblyPayload(message.body);
      const job = await jobs.get(jobId);
      if (!job) return logger.warn('job not found; dropping reassembly message');
      if (job.status !== 'chunking_complete') return logger.info({ status: job.status }, 'job not awaiting reassembly; dropping message');

      const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
      const leaseStartedAt = Date.now();
      if (!(await lock.tryAcquire({ jobId, owner, leaseSec }))) {
        // Another worker holds the lease: this is a duplicate while it works, or it died holding it (killed, spot
        // reclaimed). Look again once the lease has run out, with a fresh message — dropping this one would strand
        // a dead holder's job, and a plain retry would spend receive counts and could fail a job another worker is
        // finishing. By then a finished job drops it, and a dead holder's lease is taken over.
        const record = await lock.get(jobId);
        const waitSec = Math.min(MAX_DELAY_SEC, Math.max(1, Math.ceil(((record?.lease_until ?? 0) - Date.now()) / 1000) + 1));
        await queues.reassembly.send({ body: buildReassemblyPayload(jobId), delaySec: waitSec });
        return logger.info({ retry_in_sec: waitSec }, 'another worker holds the reassembly lease; looking again when it ends');
      }
      const renew = setInterval(() => {
        lock.renew({ jobId, owner, leaseSec }).catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'lease renewal failed'));
      }, (leaseSec * 1000) / 3);
      renew.unref();
      try {
        await reassemble({ job, reassemblyStartedAt: leaseStartedAt, signal, logger });
      } catch (error) {
        // Let the retry take the lease at once rather than after it expires.
        await lock.release({ jobId, owner }).catch(() => undefined);
        throw error;
      } finally {
        clearInterval(renew);
      }
    },
  };
}
