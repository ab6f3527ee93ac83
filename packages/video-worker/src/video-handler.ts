import { join } from 'node:path';
import {
  buildConvertedSegmentKey,
  buildS3Uri,
  isFinalStatus,
  parseS3Event,
  parseSegmentKey,
  type Backend,
  type DepthModel,
  type Logger,
  withLogFields,
} from '@stereo-spot/shared-types';
import { processWorkerMetrics, subjectOfS3Event, withWorkDir, type MessageHandler, type WorkerMetrics } from '@stereo-spot/worker-runtime';
import type { SegmentModel } from './segment-model.js';
import { SegmentFramesReporter } from './segment-frames-reporter.js';

/**
 * Converts the segment a video-worker message announces: download it to disk, run the job's model,
 * upload the result, record the SegmentCompletion, then run `afterCompletion` (the embedded backend's
 * trigger hook; on AWS the DynamoDB stream does that job). Conversion times and frames go to `metrics`
 * (this process's worker metrics by default).
 */
export function createVideoHandler({
  backend,
  models,
  workDir,
  afterCompletion,
  metrics = processWorkerMetrics(),
}: {
  backend: Pick<Backend, 'jobs' | 'completions' | 'storage'>;
  models: Readonly<Record<DepthModel, SegmentModel>>;
  workDir: string;
  afterCompletion?: (args: { jobId: string; logger: Logger }) => Promise<unknown>;
  metrics?: WorkerMetrics;
}): MessageHandler {
  const { jobs, completions, storage } = backend;
  return {
    stage: 'video',
    subjectOf: (body) => subjectOfS3Event(body, parseSegmentKey),
    async handle({ message, signal, logger }) {
      for (const object of parseS3Event(message.body)) {
        const segment = parseSegmentKey(object.key);
        const log = withLogFields(logger, { job_id: segment.jobId, segment_index: segment.segmentIndex });
        const job = await jobs.get(segment.jobId);
        if (!job) {
          log.warn('job not found; dropping segment');
          continue;
        }
        if (isFinalStatus(job.status)) {
          log.info({ status: job.status }, 'job already ended; dropping segment');
          continue;
        }
        const outputKey = buildConvertedSegmentKey({ jobId: segment.jobId, segmentIndex: segment.segmentIndex });
        const started = Date.now();
        await withWorkDir({ baseDir: workDir, prefix: `video-${segment.segmentIndex}` }, async (dir) => {
          const inputPath = join(dir, 'in.mp4');
          const outputPath = join(dir, 'out.mp4');
          await storage.getToFile({ bucket: 'input', key: object.key, path: inputPath });
          const labels = { format: segment.mode, depth: job.options.depth };
          const converting = performance.now();
          const reporter = new SegmentFramesReporter({ jobs, jobId: segment.jobId, segmentIndex: segment.segmentIndex, logger: log });
          const conversion = await models[job.options.depth].convert({ inputPath, outputPath, format: segment.mode, options: job.options, signal, logger: log, onProgress: reporter.onProgress });
          await reporter.finish(conversion ? conversion.frames : undefined);
          const seconds = (performance.now() - converting) / 1000;
          metrics.segmentConversion.observe(labels, seconds);
          if (conversion && conversion.frames > 0) {
            metrics.framesConverted.inc(labels, conversion.frames);
            metrics.segmentFps.observe(labels, conversion.frames / Math.max(seconds, 1e-3));
          }
          await storage.putFile({ bucket: 'output', key: outputKey, path: outputPath, contentType: 'video/mp4', consume: true });
        });
        await completions.put({
          job_id: segment.jobId,
          segment_index: segment.segmentIndex,
          output_s3_uri: buildS3Uri({ bucketName: storage.bucketName('output'), key: outputKey }),
          started_at: started,
          completed_at: Date.now(),
          total_segments: segment.totalSegments,
        });
        log.info({ total_segments: segment.totalSegments, model: job.options.depth, duration_ms: Date.now() - started }, 'segment converted');
        await afterCompletion?.({ jobId: segment.jobId, logger: log });
      }
    },
  };
}
