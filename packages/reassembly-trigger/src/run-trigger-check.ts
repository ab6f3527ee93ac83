import {
  buildReassemblyPayload,
  type JobStore,
  type Logger,
  type QueueSender,
  type ReassemblyLock,
  type SegmentCompletionStore,
  withLogFields,
} from '@stereo-spot/shared-types';

export type TriggerOutcome = 'job-not-found' | 'not-chunked-yet' | 'segments-pending' | 'triggered' | 'already-triggered';

/** How long a ReassemblyTriggered record is kept (its `ttl`): long enough to absorb any late duplicate. */
export const TRIGGER_TTL_SEC = 7 * 24 * 3600;

/**
 * A trigger whose reassembly has not started after this long is sent again: the process that won the
 * conditional create may have died before its send. A duplicate message is harmless (the reassembly lease
 * admits one worker), a lost one would leave the job in progress forever.
 */
export const RESEND_AFTER_MS = 2 * 60_000;

/**
 * The reassembly trigger, shared by the DynamoDB-stream Lambda, the embedded backend's post-completion hook and
 * the chunking worker (which runs it after `chunking_complete` so a job whose segments all finished first still
 * completes). Safe to run any number of times: the conditional create lets exactly one caller send the message.
 */
export async function runTriggerCheck({
  jobId,
  jobs,
  completions,
  lock,
  reassemblyQueue,
  logger,
  resendAfterMs = RESEND_AFTER_MS,
}: {
  jobId: string;
  resendAfterMs?: number;
  jobs: JobStore;
  completions: SegmentCompletionStore;
  lock: ReassemblyLock;
  reassemblyQueue: QueueSender;
  logger: Logger;
}): Promise<TriggerOutcome> {
  // Run by a worker, its lines keep the worker's stage; alone (the Lambda), they say `trigger`.
  const log = withLogFields(logger, { job_id: jobId, stage: 'trigger' });
  const job = await jobs.get(jobId);
  if (!job) return 'job-not-found';
  if (job.status !== 'chunking_complete' || job.total_segments === undefined) return 'not-chunked-yet';
  const done = await completions.countByJob(jobId);
  if (done < job.total_segments) return 'segments-pending';
  if (!(await lock.tryCreate({ jobId, ttlSec: TRIGGER_TTL_SEC }))) {
    const record = await lock.get(jobId);
    if (!record || record.reassembly_started_at !== undefined || Date.now() - record.triggered_at < resendAfterMs) return 'already-triggered';
    log.warn({ triggered_at: record.triggered_at }, 'trigger never started a reassembly; sending again');
  }
  await reassemblyQueue.send({ body: buildReassemblyPayload(jobId) });
  log.info({ total_segments: job.total_segments }, 'reassembly triggered');
  return 'triggered';
}
