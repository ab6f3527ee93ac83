import type { SegmentCompletion } from '../segment-completion.js';

export interface SegmentCompletionStore {
  /** Idempotent: writing the same (job_id, segment_index) twice keeps one record. */
  put(completion: SegmentCompletion): Promise<void>;
  /** All completions of a job, ordered by segment_index. */
  listByJob(jobId: string): Promise<SegmentCompletion[]>;
  countByJob(jobId: string): Promise<number>;
  /** Removes every completion of a job (a deleted job); returns how many there were. */
  deleteByJob(jobId: string): Promise<number>;
}
