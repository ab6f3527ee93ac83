import { isJobId, UsageError, type Job, type JobStore } from '@stereo-spot/shared-types';

/** The job an operator named: a malformed id or an unknown job is a usage error (exit 2). */
export async function loadJob({ jobs, jobId }: { jobs: JobStore; jobId: string }): Promise<Job> {
  if (!isJobId(jobId)) throw new UsageError(`not a job id (a lowercase UUID): "${jobId}"`);
  const job = await jobs.get(jobId);
  if (!job) throw new UsageError(`no job ${jobId}`);
  return job;
}
