import { z } from 'zod';
import { jobIdSchema } from './job.js';

export const segmentCompletionSchema = z.object({
  job_id: jobIdSchema,
  segment_index: z.number().int().nonnegative(),
  output_s3_uri: z.string().min(1),
  completed_at: z.number().int(),
  total_segments: z.number().int().positive(),
});
export type SegmentCompletion = z.infer<typeof segmentCompletionSchema>;
