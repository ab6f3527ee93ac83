import { UsageError, type Job, type JobStatus, type Stage } from '@stereo-spot/shared-types';

/** What a retry does: which stage runs again, the status the job goes back to, and what is sent for it. */
export interface RetryPlan {
  /** The stage that runs again (not always the one that failed: a video failure before chunking ended re-chunks). */
  stage: Stage;
  /** The status the failed job moves back to, in one conditional transition that also removes its `error`. */
  to: JobStatus;
  steps: string[];
}

const PLANS: Readonly<Record<Stage, (job: Job) => RetryPlan>> = {
  chunking: () => ({
    stage: 'chunking',
    to: 'created',
    steps: ['send the chunking message for the uploaded source again (the S3 event it would get on upload)'],
  }),
  video: (job) =>
    job.total_segments === undefined
      ? { ...PLANS.chunking(job), steps: ['the job failed before chunking ended (no total_segments): chunk it again', ...PLANS.chunking(job).steps] }
      : {
          stage: 'video',
          to: 'chunking_complete',
          steps: ['send a video-worker message (the S3 event of its upload) for every segment without a completion', 'run the reassembly trigger check'],
        },
  reassembly: (job) =>
    job.total_segments === undefined
      ? { ...PLANS.chunking(job), steps: ['the job has no total_segments: chunk it again', ...PLANS.chunking(job).steps] }
      : {
          stage: 'reassembly',
          to: 'chunking_complete',
          steps: ['delete its ReassemblyTriggered record so the trigger can fire again', 'run the reassembly trigger check (it sends the reassembly message once every segment is done)'],
        },
};

/** How a failed job is retried: from the stage that failed (`error.stage`). Refuses any job that is not failed. */
export function planRetry(job: Job): RetryPlan {
  if (job.status !== 'failed') throw new UsageError(`job ${job.job_id} is ${job.status}; only a failed job can be retried`);
  if (!job.error) throw new UsageError(`job ${job.job_id} failed without a recorded stage; cannot tell where to retry from`);
  return PLANS[job.error.stage](job);
}
