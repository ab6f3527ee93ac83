import { STAGES, type Backend } from '@stereo-spot/shared-types';
import { formatTime } from './format-time.js';
import { loadJob } from './load-job.js';
import type { OperatorIo } from './operator-io.js';

/** `jobs show`: the job record, how many segments are done (its completions), and its reassembly lock record. */
export async function showJob({ backend, jobId, json, io }: { backend: Pick<Backend, 'jobs' | 'completions' | 'lock'>; jobId: string; json: boolean; io: OperatorIo }): Promise<void> {
  const job = await loadJob({ jobs: backend.jobs, jobId });
  const [segmentsDone, lock] = await Promise.all([backend.completions.countByJob(jobId), backend.lock.get(jobId)]);
  if (json) {
    io.out(JSON.stringify({ job, segments_done: segmentsDone, reassembly_lock: lock ?? null }));
    return;
  }
  const lines = [
    `job        ${job.job_id}`,
    `status     ${job.status}`,
    `format     ${job.format}`,
    `options    ${JSON.stringify(job.options)}`,
    `created    ${formatTime(job.created_at)}`,
    `updated    ${formatTime(job.updated_at)}`,
    `completed  ${formatTime(job.completed_at)}`,
    `segments   ${segmentsDone} done of ${job.total_segments ?? '? (chunking not complete)'}`,
  ];
  for (const stage of STAGES) {
    const span = job.stage_times?.[stage];
    if (span) lines.push(`${stage.padEnd(10)} ${((span.ended_at - span.started_at) / 1000).toFixed(1)} s (${formatTime(span.started_at)} → ${formatTime(span.ended_at)})`);
  }
  if (job.error) lines.push(`error      [${job.error.stage}] ${job.error.message}`);
  lines.push(
    lock
      ? `reassembly triggered ${formatTime(lock.triggered_at)}, started ${formatTime(lock.reassembly_started_at)}, lease ${lock.owner ?? '-'} until ${formatTime(lock.lease_until)}`
      : 'reassembly not triggered',
  );
  io.out(lines.join('\n'));
}
