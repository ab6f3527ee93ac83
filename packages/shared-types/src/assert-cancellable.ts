import { UsageError } from './errors.js';
import { ACTIVE_JOB_STATUSES, type Job, type JobStatus } from './job.js';

/** A job can be cancelled while it runs, or after it failed (so nobody retries it); never once it ended otherwise. */
export const CANCELLABLE_JOB_STATUSES = [...ACTIVE_JOB_STATUSES, 'failed'] as const satisfies readonly JobStatus[];

/** A cancel refused because the job already ended: a refusal, nothing changed (the CLI exits 2, the API answers 409). */
export class JobNotCancellableError extends UsageError {}

/** The one rule of `jobs cancel` and the web UI's Cancel: refuses a job that completed or was cancelled. */
export function assertCancellable(job: Pick<Job, 'job_id' | 'status'>): void {
  if (!(CANCELLABLE_JOB_STATUSES as readonly JobStatus[]).includes(job.status)) {
    throw new JobNotCancellableError(`job ${job.job_id} is ${job.status}; only a running or failed job can be cancelled`);
  }
}
