import { z } from 'zod';
import { containerSchema } from './containers.js';
import { depthModelSchema } from './depth-models.js';
import { outputFormatSchema } from './formats.js';
import { cleanSourceName } from './result-file-name.js';
import { stageSchema } from './stages.js';

export const JOB_STATUSES = ['created', 'chunking_in_progress', 'chunking_complete', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const jobStatusSchema = z.enum(JOB_STATUSES);

/** Statuses from which a job can still move on its own. */
export const ACTIVE_JOB_STATUSES = ['created', 'chunking_in_progress', 'chunking_complete'] as const satisfies readonly JobStatus[];
/** Statuses no worker moves a job out of; only an operator's retry leaves `failed`. Workers drop such jobs' messages. */
export const FINAL_JOB_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies readonly JobStatus[];

export function isFinalStatus(status: JobStatus): boolean {
  return (FINAL_JOB_STATUSES as readonly JobStatus[]).includes(status);
}

/** A job id is a lowercase RFC 4122 UUID: one canonical spelling, so one job never has two keys. */
export const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const jobIdSchema = z.string().regex(JOB_ID_PATTERN, 'job_id must be a lowercase UUID');

export function isJobId(value: string): boolean {
  return JOB_ID_PATTERN.test(value);
}

export const jobErrorSchema = z.object({
  stage: stageSchema,
  message: z.string().min(1),
});
export type JobError = z.infer<typeof jobErrorSchema>;

export const audioStreamSchema = z.object({
  index: z.number().int().nonnegative(),
  codec: z.string(),
  channels: z.number().int().nonnegative().optional(),
  language: z.string().optional(),
});
export const subtitleStreamSchema = z.object({
  index: z.number().int().nonnegative(),
  codec: z.string(),
  language: z.string().optional(),
});

/** What the chunking worker learnt of the source by probing it. */
export const sourceFactsSchema = z.object({
  duration_sec: z.number().nonnegative(),
  fps: z.number().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  video_codec: z.string(),
  frame_count: z.number().int().nonnegative(),
  video_start_sec: z.number(),
  audio_streams: z.array(audioStreamSchema),
  subtitle_streams: z.array(subtitleStreamSchema),
});
export type SourceFacts = z.infer<typeof sourceFactsSchema>;

export const VIDEO_CODECS = ['x264', 'x265'] as const;
export const ENCODER_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;

/** The strength and screen plane a job converts with when it names none (iw3's and VisionDepth3D's comfortable range). */
export const DEFAULT_STEREO_SETTINGS = { divergence: 2.0, convergence: 0.5 } as const;

/** The longest preview: a preview is for judging the depth; a longer one is a conversion. */
export const MAX_PREVIEW_SECONDS = 60;

/** Conversion settings chosen at creation; they travel with the job to every worker. */
export const jobOptionsSchema = z.object({
  depth: depthModelSchema,
  /** Maximum disparity between the views, % of the frame width. */
  divergence: z.number().min(0).max(10).optional(),
  /** Depth on the screen plane: 0 = farthest … 1 = nearest. */
  convergence: z.number().min(0).max(1).optional(),
  segment_seconds: z.number().positive().max(3600).optional(),
  codec: z.enum(VIDEO_CODECS).optional(),
  crf: z.number().int().min(0).max(51).optional(),
  preset: z.enum(ENCODER_PRESETS).optional(),
  /** The final file's container; MP4 when absent. */
  container: containerSchema.optional(),
  /** Convert only this many seconds from the middle of the video: a preview to judge the settings by. */
  preview_seconds: z.number().positive().max(MAX_PREVIEW_SECONDS).optional(),
});
export type JobOptions = z.infer<typeof jobOptionsSchema>;

/** An original file name as a job keeps it: the base name, no control characters, at most MAX_SOURCE_NAME_LENGTH. */
export const sourceNameSchema = z.string().transform((name, ctx) => {
  const cleaned = cleanSourceName(name);
  if (cleaned === undefined) {
    ctx.addIssue({ code: 'custom', message: 'the file name is empty' });
    return z.NEVER;
  }
  return cleaned;
});

/** When a stage started and ended (epoch ms). Stages overlap: segments are converted while chunking goes on. */
export const stageSpanSchema = z.object({
  started_at: z.number().int(),
  ended_at: z.number().int(),
});
export type StageSpan = z.infer<typeof stageSpanSchema>;
/** The time each finished stage took, keyed by stage. Written whole at `chunking_complete` and at `completed`. */
export const stageTimesSchema = z.object({
  chunking: stageSpanSchema,
  video: stageSpanSchema,
  reassembly: stageSpanSchema,
}).partial();
export type StageTimes = z.infer<typeof stageTimesSchema>;

export const jobSchema = z.object({
  job_id: jobIdSchema,
  status: jobStatusSchema,
  format: outputFormatSchema,
  options: jobOptionsSchema,
  /** The uploaded file's own name (no folders), which the result is named after. */
  source_name: sourceNameSchema.optional(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
  completed_at: z.number().int().optional(),
  total_segments: z.number().int().positive().optional(),
  source: sourceFactsSchema.optional(),
  error: jobErrorSchema.optional(),
  stage_times: stageTimesSchema.optional(),
  /** Frames converted so far per segment index, written by the video workers as they go (see JobStore). */
  segment_frames: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type Job = z.infer<typeof jobSchema>;

/** Fields a transition may set besides the status; both job stores validate a patch with it. */
export const jobPatchSchema = jobSchema.pick({ total_segments: true, source: true, error: true, completed_at: true, stage_times: true, source_name: true }).partial();
export type JobPatch = z.infer<typeof jobPatchSchema>;
