import { z } from 'zod';
import { jobIdSchema } from './job.js';

export const segmentCompletionSchema = z.object({
  job_id: jobIdSchema,
  segment_index: z.number().int().nonnegative(),
  output_s3_uri: z.string().min(1),
  /** When the worker started on the segment (epoch ms): the job's conversion stage starts at the earliest. */
  started_at: z.number().int().optional(),
  completed_at: z.number().int(),
  total_segments: z.number().int().positive(),
});
export type SegmentCompletion = z.infer<typeof segmentCompletionSchema>;
