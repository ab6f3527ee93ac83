import type { Backend, JobStatus } from '@stereo-spot/shared-types';
import { formatTime } from './format-time.js';
import type { OperatorIo } from './operator-io.js';

/** `jobs list`: one page of the jobs of a status, most recently updated first, with the cursor of the next page. */
export async function listJobs({ backend, status, limit, cursor, json, io }: { backend: Pick<Backend, 'jobs'>; status: JobStatus; limit: number; cursor?: string; json: boolean; io: OperatorIo }): Promise<void> {
  const page = await backend.jobs.list({ status, limit, ...(cursor === undefined ? {} : { cursor }) });
  if (json) {
    io.out(JSON.stringify({ status, jobs: page.jobs, ...(page.nextCursor ? { next_cursor: page.nextCursor } : {}) }));
    return;
  }
  if (page.jobs.length === 0) io.out(`no ${status} jobs`);
  for (const job of page.jobs) {
    const segments = job.total_segments === undefined ? '' : ` ${job.total_segments} segments`;
    const error = job.error ? ` [${job.error.stage}] ${job.error.message}` : '';
    io.out(`${job.job_id}  ${job.status}  ${job.format}  updated ${formatTime(job.updated_at)}${segments}${error}`);
  }
  if (page.nextCursor) io.out(`more: --cursor ${page.nextCursor}`);
}
