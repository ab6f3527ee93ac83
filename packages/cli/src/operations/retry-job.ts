import { runTriggerCheck, type TriggerOutcome } from '@stereo-spot/reassembly-trigger';
import { buildSourceKey, segmentPrefix, UsageError, type Backend, type Job, type Logger, type Stage, type StoredObject } from '@stereo-spot/shared-types';
import { checkSegmentSet } from './check-segment-set.js';
import { confirmChange } from './confirm-change.js';
import { loadJob } from './load-job.js';
import type { OperatorIo } from './operator-io.js';
import { planRetry } from './plan-retry.js';
import { resendObjectEvent } from './resend-object-event.js';

type RetryBackend = Pick<Backend, 'jobs' | 'completions' | 'lock' | 'queues' | 'storage'>;

/** The objects a retry sends events for, found (or refused) before anything changes. */
async function objectsToResend({ backend, job, stage }: { backend: RetryBackend; job: Job; stage: Stage }): Promise<StoredObject[]> {
  const jobId = job.job_id;
  if (stage === 'chunking') {
    const key = buildSourceKey(jobId);
    const [source] = (await backend.storage.list({ bucket: 'input', prefix: key })).filter((object) => object.key === key);
    if (!source) throw new UsageError(`cannot retry job ${jobId} from chunking: its source ${key} is not in the input bucket`);
    return [source];
  }
  if (stage === 'video') {
    const objects = await backend.storage.list({ bucket: 'input', prefix: segmentPrefix(jobId) });
    const check = checkSegmentSet({ jobId, keys: objects.map((o) => o.key), format: job.format });
    if (!check.complete) throw new UsageError(`cannot retry job ${jobId} from video: its segments are not all there: ${check.problems.join('; ')}`);
    if (check.totalSegments !== job.total_segments) {
      throw new UsageError(`cannot retry job ${jobId} from video: ${check.totalSegments} segments stored but the job has total_segments ${job.total_segments}`);
    }
    const done = new Set((await backend.completions.listByJob(jobId)).map((c) => c.segment_index));
    const pending = new Set(check.segments.filter((s) => !done.has(s.segmentIndex)).map((s) => s.key));
    return objects.filter((object) => pending.has(object.key));
  }
  return [];
}

/**
 * `jobs retry`: a failed job runs again from the stage that failed. Checks first that what the stage needs is
 * stored (refusing otherwise), shows the plan, then moves the job back in one conditional transition from
 * `failed` that also removes its `error`, and restarts the stage: the chunking message for the source, a
 * video-worker message per segment without a completion, or a cleared ReassemblyTriggered record and a trigger
 * check.
 */
export async function retryJob({ backend, jobId, yes, json, io, logger }: { backend: RetryBackend; jobId: string; yes: boolean; json: boolean; io: OperatorIo; logger: Logger }): Promise<void> {
  const job = await loadJob({ jobs: backend.jobs, jobId });
  const plan = planRetry(job);
  const resend = await objectsToResend({ backend, job, stage: plan.stage });
  await confirmChange({
    io,
    yes,
    summary: [
      `job ${jobId} failed at ${job.error?.stage}: ${job.error?.message}`,
      `retry from ${plan.stage}: failed → ${plan.to} (conditional on failed), error removed`,
      ...plan.steps.map((step) => `  then ${step}`),
      ...(resend.length > 0 ? [`  messages to send: ${resend.length} (${resend.slice(0, 5).map((o) => o.key).join(', ')}${resend.length > 5 ? ', …' : ''})`] : []),
    ],
  });
  const log = logger.child({ job_id: jobId, stage: plan.stage });
  // Nothing reads the lock of a failed job, so it is cleared before the job can be triggered again.
  if (plan.stage === 'reassembly') await backend.lock.clear(jobId);
  const moved = await backend.jobs.transition({ jobId, from: ['failed'], to: plan.to, unset: ['error'] });
  if (!moved.applied) throw new Error(`job ${jobId} changed meanwhile (now ${moved.current?.status ?? 'gone'}); nothing sent, look again`);
  log.info({ to: plan.to, previous_error: job.error }, 'operator: job retried');
  for (const object of resend) await resendObjectEvent({ backend, bucket: 'input', object });
  let trigger: TriggerOutcome | undefined;
  if (plan.stage !== 'chunking') {
    trigger = await runTriggerCheck({ jobId, jobs: backend.jobs, completions: backend.completions, lock: backend.lock, reassemblyQueue: backend.queues.reassembly, logger: log });
  }
  if (json) {
    io.out(JSON.stringify({ job_id: jobId, stage: plan.stage, status: plan.to, messages_sent: resend.length, ...(trigger ? { trigger } : {}) }));
  } else {
    io.out(`job ${jobId} retried from ${plan.stage}: now ${plan.to}; ${resend.length} message(s) sent${trigger ? `; trigger check: ${trigger}` : ''}`);
  }
}
