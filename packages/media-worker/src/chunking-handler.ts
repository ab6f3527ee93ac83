import { join } from 'node:path';
import {
  buildSegmentKey,
  buildSourceKey,
  buildStreamsKey,
  InvalidInputError,
  parseS3Event,
  parseSourceKey,
  type Backend,
  type Logger,
  withLogFields,
} from '@stereo-spot/shared-types';
import { runTriggerCheck } from '@stereo-spot/reassembly-trigger';
import { subjectOfS3Event, withWorkDir, type MessageHandler } from '@stereo-spot/worker-runtime';
import { extractKeptStreams } from './media/extract-kept-streams.js';
import { cutPreview } from './media/cut-preview.js';
import { probeSource } from './media/probe-source.js';
import { splitVideo } from './media/split-video.js';

export const DEFAULT_SEGMENT_SECONDS = 300;

/**
 * Chunking: probe the uploaded source, cut its video stream into keyframe-aligned segments, keep its audio and
 * subtitle streams once for the final mux, upload everything, mark the job `chunking_complete`, and run the
 * trigger check itself (the race fix: the segments may all be converted before this worker gets here).
 * Idempotent: a redelivered message redoes the work and writes the same keys.
 */
export function createChunkingHandler({
  backend,
  workDir,
  defaultSegmentSeconds = DEFAULT_SEGMENT_SECONDS,
}: {
  backend: Pick<Backend, 'jobs' | 'completions' | 'lock' | 'queues' | 'storage'>;
  workDir: string;
  defaultSegmentSeconds?: number;
}): MessageHandler {
  const { jobs, storage } = backend;

  async function chunk({ jobId, signal, logger }: { jobId: string; signal: AbortSignal; logger: Logger }): Promise<void> {
    const job = await jobs.get(jobId);
    if (!job) return logger.warn('job not found; dropping source event');
    // Chunking started when the job entered chunking_in_progress (its updated_at then), in this attempt or an earlier one.
    let startedAt = job.updated_at;
    if (job.status === 'created') {
      const moved = await jobs.transition({ jobId, from: ['created'], to: 'chunking_in_progress' });
      if (moved.applied) startedAt = moved.job.updated_at;
      else if (moved.current?.status === 'chunking_in_progress') startedAt = moved.current.updated_at;
      else return logger.info({ status: moved.current?.status }, 'job moved on meanwhile; skipping');
    } else if (job.status !== 'chunking_in_progress') {
      return logger.info({ status: job.status }, 'job already past chunking; skipping');
    }

    await withWorkDir({ baseDir: workDir, prefix: 'chunking' }, async (dir) => {
      const uploadPath = join(dir, 'source');
      await storage.getToFile({ bucket: 'input', key: buildSourceKey(jobId), path: uploadPath });
      // A preview job converts a piece from the middle; everything after treats the piece as the source.
      let sourcePath = uploadPath;
      if (job.options.preview_seconds !== undefined) {
        sourcePath = join(dir, 'preview.mkv');
        const piece = await cutPreview({ sourcePath: uploadPath, seconds: job.options.preview_seconds, outPath: sourcePath, signal });
        logger.info({ start_sec: piece.startSec, seconds: piece.seconds }, 'preview piece cut');
      }
      const { facts, videoStreamIndex } = await probeSource({ path: sourcePath, signal });
      logger.info({ source: facts }, 'source probed');

      const segmentSeconds = job.options.segment_seconds ?? defaultSegmentSeconds;
      const split = await splitVideo({ sourcePath, videoStreamIndex, segmentSeconds, outDir: join(dir, 'segments'), signal });
      if (split.paths.length === 0 || split.packetCount === 0) throw new InvalidInputError('the file has no video frames');
      // One packet per frame either way (a copy's packets, or the re-encode's one per decoded frame): fewer than
      // the source's frames means it is cut short, or (re-encoded) some of its frames could not be decoded.
      if (split.packetCount < facts.frame_count) {
        throw new InvalidInputError(`the file is truncated or damaged: it announces ${facts.frame_count} video frames but only ${split.packetCount} could be read`);
      }

      // The kept streams must be stored before chunking_complete: reassembly may start right after it.
      const keptPath = join(dir, 'streams.mkv');
      if (await extractKeptStreams({ sourcePath, facts, outPath: keptPath, signal })) {
        await storage.putFile({ bucket: 'input', key: buildStreamsKey(jobId), path: keptPath, contentType: 'video/x-matroska', consume: true });
      }
      const totalSegments = split.paths.length;
      for (const [segmentIndex, path] of split.paths.entries()) {
        const key = buildSegmentKey({ jobId, segmentIndex, totalSegments, mode: job.format });
        await storage.putFile({ bucket: 'input', key, path, contentType: 'video/mp4', consume: true });
      }
      const done = await jobs.transition({
        jobId,
        from: ['chunking_in_progress'],
        to: 'chunking_complete',
        patch: {
          total_segments: totalSegments,
          source: { ...facts, frame_count: split.packetCount },
          stage_times: { chunking: { started_at: startedAt, ended_at: Date.now() } },
        },
      });
      logger.info({ total_segments: totalSegments, segment_seconds: segmentSeconds, split: split.method === 'copy' ? 'copy' : `transcode (${split.reason})`, applied: done.applied, duration_ms: Date.now() - startedAt }, 'chunking complete');
    });

    const outcome = await runTriggerCheck({
      jobId,
      jobs,
      completions: backend.completions,
      lock: backend.lock,
      reassemblyQueue: backend.queues.reassembly,
      logger,
    });
    logger.info({ outcome }, 'trigger check after chunking');
  }

  return {
    stage: 'chunking',
    subjectOf: (body) => subjectOfS3Event(body, parseSourceKey),
    async handle({ message, signal, logger }) {
      for (const object of parseS3Event(message.body)) {
        const { jobId } = parseSourceKey(object.key);
        await chunk({ jobId, signal, logger: withLogFields(logger, { job_id: jobId }) });
      }
    },
  };
}
