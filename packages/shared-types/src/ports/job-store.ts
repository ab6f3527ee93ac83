import { UsageError } from '../errors.js';
import { jobPatchSchema, type Job, type JobPatch, type JobStatus } from '../job.js';

export type TransitionResult = { applied: true; job: Job } | { applied: false; current: Job | undefined };

export interface JobPage {
  jobs: Job[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

/** Patch fields a transition may remove (an operator's retry drops the old `error`). */
export type JobPatchField = keyof JobPatch;
const jobPatchFieldSchema = jobPatchSchema.keyof();

/** The fields a transition removes, checked the same way by every store: known fields, none also set. */
export function parseUnset({ patch, unset = [] }: { patch: JobPatch; unset?: readonly JobPatchField[] }): JobPatchField[] {
  const fields = unset.map((field) => jobPatchFieldSchema.parse(field));
  const both = fields.filter((field) => patch[field] !== undefined);
  if (both.length > 0) throw new UsageError(`a transition cannot both set and unset ${both.join(', ')}`);
  return [...new Set(fields)];
}

export interface JobStore {
  /** Writes a new job; throws `ConflictError` if the id exists. */
  create(job: Job): Promise<void>;
  get(jobId: string): Promise<Job | undefined>;
  /**
   * Moves a job to `to` only if its current status is one of `from` (a conditional write), so a duplicate or
   * late message can never move a job backwards. Sets `updated_at`, the fields of `patch`, and removes the
   * fields named in `unset` (in the same write; a field may not be both set and unset: `UsageError`).
   */
  transition(args: { jobId: string; from: readonly JobStatus[]; to: JobStatus; patch?: JobPatch; unset?: readonly JobPatchField[] }): Promise<TransitionResult>;
  /** Completed jobs, newest `completed_at` first. */
  listCompleted(args: { limit: number; cursor?: string }): Promise<JobPage>;
  /** Jobs of one status, most recently updated first (ties by job id), for operators. */
  list(args: { status: JobStatus; limit: number; cursor?: string }): Promise<JobPage>;
  /**
   * Records how many frames of one segment are converted (`segment_frames[index]`), only while the job is active
   * and only upwards (a retried segment starting again from 0 does not move the progress back). Touches nothing
   * else: not the status, not `updated_at`. False when the job is absent or has ended.
   */
  recordSegmentFrames(args: { jobId: string; segmentIndex: number; frames: number }): Promise<boolean>;
  /** Removes a job that has ended (completed, failed or cancelled) in one conditional write. */
  delete(args: { jobId: string }): Promise<DeleteResult>;
}

export type DeleteResult = { deleted: true } | { deleted: false; current: Job | undefined };

/** Checks `recordSegmentFrames`' arguments the same way in every store. */
export function assertSegmentFrames({ segmentIndex, frames }: { segmentIndex: number; frames: number }): void {
  if (!Number.isSafeInteger(segmentIndex) || segmentIndex < 0) throw new UsageError(`segmentIndex must be a non-negative integer, got ${segmentIndex}`);
  if (!Number.isSafeInteger(frames) || frames < 0) throw new UsageError(`frames must be a non-negative integer, got ${frames}`);
}
