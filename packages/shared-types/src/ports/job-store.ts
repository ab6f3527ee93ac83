import type { Job, JobPatch, JobStatus } from '../job.js';

export type TransitionResult = { applied: true; job: Job } | { applied: false; current: Job | undefined };

export interface JobPage {
  jobs: Job[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

export interface JobStore {
  /** Writes a new job; throws `ConflictError` if the id exists. */
  create(job: Job): Promise<void>;
  get(jobId: string): Promise<Job | undefined>;
  /**
   * Moves a job to `to` only if its current status is one of `from` (a conditional write), so a duplicate or
   * late message can never move a job backwards. Sets `updated_at`.
   */
  transition(args: { jobId: string; from: readonly JobStatus[]; to: JobStatus; patch?: JobPatch }): Promise<TransitionResult>;
  /** Completed jobs, newest `completed_at` first. */
  listCompleted(args: { limit: number; cursor?: string }): Promise<JobPage>;
}
