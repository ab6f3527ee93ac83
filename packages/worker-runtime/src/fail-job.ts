import { ACTIVE_JOB_STATUSES, withLogFields, type JobStore, type Logger, type Stage } from '@stereo-spot/shared-types';

/**
 * Marks a job failed with a reason a person can act on. Conditional on the job still being active, so a
 * late failure never overwrites `completed` and a second failure keeps the first reason.
 */
export async function failJob({
  jobs,
  jobId,
  stage,
  message,
  logger,
}: {
  jobs: JobStore;
  jobId: string;
  stage: Stage;
  message: string;
  logger: Logger;
}): Promise<boolean> {
  const result = await jobs.transition({ jobId, from: ACTIVE_JOB_STATUSES, to: 'failed', patch: { error: { stage, message } } });
  const log = withLogFields(logger, { job_id: jobId, stage });
  if (result.applied) log.error({ reason: message }, 'job failed');
  else log.warn({ reason: message, status: result.current?.status }, 'job not marked failed: no longer active');
  return result.applied;
}
