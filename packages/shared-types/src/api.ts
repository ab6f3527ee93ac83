import { z } from 'zod';
import { depthModelSchema, DEFAULT_DEPTH_MODEL } from './depth-models.js';
import { outputFormatInputSchema } from './formats.js';
import { jobErrorSchema, jobIdSchema, jobOptionsSchema, jobStatusSchema, sourceNameSchema, stageTimesSchema, type Job } from './job.js';
import { jobProgress } from './job-progress.js';
import { resultFileName } from './result-file-name.js';
import { outputFormatSchema } from './formats.js';

/**
 * `POST /api/jobs` body (and the CLI's options): the job's options with their bounds, the format (aliases
 * accepted), the original file name; defaults applied.
 */
export const createJobRequestSchema = jobOptionsSchema.extend({
  format: outputFormatInputSchema,
  depth: depthModelSchema.default(DEFAULT_DEPTH_MODEL),
  filename: sourceNameSchema.optional(),
});
export type CreateJobRequest = z.input<typeof createJobRequestSchema>;
export type CreateJobCommand = z.output<typeof createJobRequestSchema>;

export const uploadInstructionsSchema = z.object({
  method: z.enum(['PUT', 'POST']),
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  fields: z.record(z.string(), z.string()).optional(),
});
export type UploadInstructions = z.infer<typeof uploadInstructionsSchema>;

export const createJobResponseSchema = z.object({ job_id: jobIdSchema, upload: uploadInstructionsSchema });
export type CreateJobResponse = z.infer<typeof createJobResponseSchema>;

export const jobViewSchema = z.object({
  job_id: jobIdSchema,
  status: jobStatusSchema,
  format: outputFormatSchema,
  /** The depth estimator the job converts with. */
  depth: depthModelSchema,
  /** The uploaded file's name, when the job was given one. */
  source_name: z.string().optional(),
  /** The name the result is offered under: `<original name>_<layout tag>.<container>`. */
  result_name: z.string(),
  total_segments: z.number().int().positive().optional(),
  segments_done: z.number().int().nonnegative(),
  /** How far the job is, 0…1, from the frames the video workers report (see `jobProgress`); absent until known. */
  progress: z.number().min(0).max(1).optional(),
  error: jobErrorSchema.optional(),
  result_url: z.string().optional(),
  created_at: z.number().int(),
  completed_at: z.number().int().optional(),
  /** When each finished stage started and ended (epoch ms): chunking once segments exist, all three once completed. */
  stage_times: stageTimesSchema.optional(),
});
export type JobView = z.infer<typeof jobViewSchema>;

export const listJobsResponseSchema = z.object({ jobs: z.array(jobViewSchema), next_cursor: z.string().optional() });
export type ListJobsResponse = z.infer<typeof listJobsResponseSchema>;

export function toJobView({ job, segmentsDone, resultUrl }: { job: Job; segmentsDone: number; resultUrl?: string }): JobView {
  return {
    job_id: job.job_id,
    status: job.status,
    format: job.format,
    depth: job.options.depth,
    ...(job.source_name === undefined ? {} : { source_name: job.source_name }),
    result_name: resultFileNameOf(job),
    ...(job.total_segments === undefined ? {} : { total_segments: job.total_segments }),
    segments_done: segmentsDone,
    ...optionalProgress(jobProgress({ job, segmentsDone })),
    ...(job.error ? { error: job.error } : {}),
    ...(resultUrl ? { result_url: resultUrl } : {}),
    created_at: job.created_at,
    ...(job.completed_at === undefined ? {} : { completed_at: job.completed_at }),
    ...(job.stage_times ? { stage_times: job.stage_times } : {}),
  };
}

/** The name a job's result is offered under. */
export function resultFileNameOf(job: Job): string {
  return resultFileName({
    jobId: job.job_id,
    format: job.format,
    ...(job.source_name === undefined ? {} : { sourceName: job.source_name }),
    ...(job.options.container ? { container: job.options.container } : {}),
    ...(job.options.preview_seconds === undefined ? {} : { preview: true }),
    stereo: job.options.depth !== 'passthrough',
  });
}

function optionalProgress(progress: number | undefined): { progress?: number } {
  return progress === undefined ? {} : { progress: Math.round(progress * 1000) / 1000 };
}
