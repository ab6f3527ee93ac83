import { assertCancellable, type Backend } from '@stereo-spot/shared-types';
import { confirmChange } from './confirm-change.js';
import { loadJob } from './load-job.js';
import type { OperatorIo } from './operator-io.js';

/**
 * `jobs cancel`: one conditional transition to `cancelled` from the status shown. Workers drop the messages of a
 * cancelled job (it is final); its objects stay where they are.
 */
export async function cancelJob({ backend, jobId, yes, json, io }: { backend: Pick<Backend, 'jobs'>; jobId: string; yes: boolean; json: boolean; io: OperatorIo }): Promise<void> {
  const job = await loadJob({ jobs: backend.jobs, jobId });
  assertCancellable(job);
  await confirmChange({
    io,
    yes,
    summary: [`job ${jobId}: ${job.status} → cancelled`, 'workers will drop its messages; its objects stay'],
  });
  const result = await backend.jobs.transition({ jobId, from: [job.status], to: 'cancelled' });
  if (!result.applied) throw new Error(`job ${jobId} changed meanwhile (now ${result.current?.status ?? 'gone'}); nothing done, look again`);
  io.out(json ? JSON.stringify({ job_id: jobId, from: job.status, status: 'cancelled' }) : `job ${jobId} cancelled (was ${job.status})`);
}
