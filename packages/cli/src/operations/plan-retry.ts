import { UsageError, type Job, type JobStatus, type Stage } from '@stereo-spot/shared-types';

/** What a retry does: which stage runs again, the status the job goes back to, and what is sent for it. */
export interface RetryPlan {
  /** The stage that runs again (not always the one that failed: a video failure before chunking ended re-chunks). */
  stage: Stage;
  /** The status the failed job moves back to, in one conditional transition that also removes its `error`. */
  to: JobStatus;
  steps: readonly string[];
}

const PLANS: Readonly<Record<Stage, RetryPlan>> = {
  chunking: {
    stage: 'chunking',
    to: 'created',
    steps: ['send the chunking message for the uploaded source again (the S3 event it would get on upload)'],
  },
  video: {
    stage: 'video',
    to: 'chunking_complete',
    steps: ['send a video-worker message (the S3 event of its upload) for every segment without a completion', 'run the reassembly trigger check'],
  },
  reassembly: {
    stage: 'reassembly',
    to: 'chunking_complete',
    steps: ['delete its ReassemblyTriggered record so the trigger can fire again', 'run the reassembly trigger check (it sends the reassembly message once every segment is done)'],
  },
};

/** How a failed job is retried: from the stage that failed (`error.stage`). Refuses any job that is not failed. */
export function planRetry(job: Job): RetryPlan {
  if (job.status !== 'failed') throw new UsageError(`job ${job.job_id} is ${job.status}; only a failed job can be retried`);
  if (!job.error) throw new UsageError(`job ${job.job_id} failed without a recorded stage; cannot tell where to retry from`);
  // Video and reassembly resume from the segments of a finished chunking; without its total_segments there are none.
  if (job.error.stage !== 'chunking' && job.total_segments === undefined) {
    return { ...PLANS.chunking, steps: ['the job failed before chunking ended (no total_segments): chunk it again', ...PLANS.chunking.steps] };
  }
  return PLANS[job.error.stage];
}
