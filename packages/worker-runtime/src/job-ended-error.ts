import { PermanentError, type JobStatus } from '@stereo-spot/shared-types';

/**
 * The job of the message in hand reached a final status (cancelled by a person, failed by another message,
 * completed) while its work ran: the work is stopped and the message dropped, neither retried nor counted as a
 * failure. Permanent, so that a loop that does not know it never retries it.
 */
export class JobEndedError extends PermanentError {
  readonly jobId: string;
  readonly status: JobStatus;

  constructor({ jobId, status }: { jobId: string; status: JobStatus }) {
    super(`job ${jobId} is ${status}`);
    this.jobId = jobId;
    this.status = status;
  }
}
