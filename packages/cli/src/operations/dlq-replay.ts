import type { JobStatus } from '@stereo-spot/shared-types';
import { confirmChange } from './confirm-change.js';
import { describeDlqMessage, describeNotFound, logDone, selectDlqMessages, type DlqChangeOptions, type DlqMessage } from './dlq-messages.js';

/**
 * Why a message of a job in this status is not replayed (undefined: replay it). A worker drops a message whose
 * job has ended, so replaying it would only lose it; a failed job goes again through `jobs retry` instead, which
 * sends what the job needs. Its dead letter goes first: workers fail an active job whose message is dead-lettered.
 */
const SKIP_REASON: Readonly<Record<JobStatus | 'missing', ((jobId: string) => string) | undefined>> = {
  created: undefined,
  chunking_in_progress: undefined,
  chunking_complete: undefined,
  failed: (jobId) => `job failed: purge it, then use stereo-spot jobs retry ${jobId}`,
  cancelled: () => 'job cancelled: workers drop its messages; purge it',
  completed: () => 'job completed: nothing left to do; purge it',
  missing: () => 'no such job: workers drop its messages; purge it',
};

function skipReason({ subject, jobStatus }: DlqMessage): string | undefined {
  // A body that names no job is replayed: its worker decides what it means.
  return subject && jobStatus ? SKIP_REASON[jobStatus]?.(subject.jobId) : undefined;
}

/**
 * `dlq replay`: sends the chosen dead-lettered messages back to their queue. Only messages whose job can still
 * use them (active, or no job in the body) unless `force`; the others are listed with what to do instead.
 */
export async function dlqReplay({ backend, queue, messageIds, all, force, yes, json, io, logger }: DlqChangeOptions & { force: boolean }): Promise<void> {
  const { selected, notFound } = await selectDlqMessages({ backend, queue, messageIds, all });
  const skipped = force ? [] : selected.flatMap((entry) => {
    const reason = skipReason(entry);
    return reason ? [{ entry, reason }] : [];
  });
  const skippedIds = new Set(skipped.map(({ entry }) => entry.message.id));
  const toReplay = selected.filter(({ message }) => !skippedIds.has(message.id));

  if (toReplay.length > 0) {
    await confirmChange({
      io,
      yes,
      summary: [`replay: back to the ${queue} queue, out of its dead-letter queue:`, ...toReplay.map((entry) => `  ${describeDlqMessage(entry)}`)],
    });
  }
  const outcome = toReplay.length > 0 ? await backend.deadLetterQueue(queue).replay({ messageIds: toReplay.map(({ message }) => message.id) }) : { done: [], notFound: [] };
  logDone({ logger, queue, entries: toReplay, done: outcome.done, event: 'dead letter replayed' });
  const missing = [...notFound, ...outcome.notFound];

  if (json) {
    io.out(JSON.stringify({ queue, replayed: outcome.done, skipped: skipped.map(({ entry, reason }) => ({ id: entry.message.id, job_id: entry.subject?.jobId ?? null, reason })), not_found: missing }));
    return;
  }
  const lines = skipped.map(({ entry, reason }) => `skipped ${entry.message.id} (${reason}; --force replays it anyway)`);
  lines.push(...missing.map(describeNotFound));
  const reasons = [...new Set(skipped.map(({ reason }) => reason))];
  lines.push(`replayed ${outcome.done.length}, skipped ${skipped.length}${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}, not found ${missing.length}`);
  io.out(lines.join('\n'));
}
