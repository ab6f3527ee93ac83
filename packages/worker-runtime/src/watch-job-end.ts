import { errorMessage, isFinalStatus, type JobStore, type Logger } from '@stereo-spot/shared-types';
import { JobEndedError } from './job-ended-error.js';

export interface JobEndWatch {
  /** Aborted, with a `JobEndedError` as its reason, once the job is seen in a final status. */
  readonly signal: AbortSignal;
  /** Stops looking; call it when the work is over. */
  stop(): void;
}

/**
 * Looks at a job every `intervalMs` while work on it runs, so that cancelling a job stops its work in progress
 * (a segment can take minutes) instead of letting it run to its end. One `jobs.get` per look: a key read on both
 * backends, cheaper and simpler than a change feed. A look that fails is only logged; the next one tries again.
 */
export function watchJobEnd({ jobs, jobId, intervalMs, logger }: { jobs: Pick<JobStore, 'get'>; jobId: string; intervalMs: number; logger: Logger }): JobEndWatch {
  const ended = new AbortController();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const look = async (): Promise<void> => {
    try {
      const job = await jobs.get(jobId);
      if (stopped) return;
      if (job && isFinalStatus(job.status)) {
        ended.abort(new JobEndedError({ jobId, status: job.status }));
        return;
      }
    } catch (error) {
      logger.debug({ err: errorMessage(error) }, 'could not look at the job status; looking again');
    }
    schedule();
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void look(), intervalMs);
    // The work it watches keeps the process alive, not the watch.
    timer.unref();
  };
  schedule();
  return {
    signal: ended.signal,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
