import { UsageError, type Backend, type DeadLetterMessage, type JobStatus, type Logger, type QueueName } from '@stereo-spot/shared-types';
import type { MessageSubject } from '@stereo-spot/worker-runtime';
import { dlqMessageSubject } from './dlq-message-subject.js';
import { formatTime } from './format-time.js';
import type { OperatorIo } from './operator-io.js';

/** Most messages a command looks at in one dead-letter queue (SQS scans are bounded lower, see the adapter). */
export const DLQ_SCAN_LIMIT = 10_000;

/** A dead-lettered message with what it is about: its job (and segment) and that job's status now. */
export interface DlqMessage {
  message: DeadLetterMessage;
  subject: MessageSubject | undefined;
  /** `missing` when the body names a job that has no record; undefined when it names none. */
  jobStatus: JobStatus | 'missing' | undefined;
}

/** Peeks at up to `limit` messages of `queue`'s dead-letter queue and looks up each one's job (once per job). */
export async function dlqMessages({ backend, queue, limit }: { backend: Pick<Backend, 'deadLetterQueue' | 'jobs'>; queue: QueueName; limit: number }): Promise<DlqMessage[]> {
  const messages = await backend.deadLetterQueue(queue).peek({ limit });
  const statuses = new Map<string, Promise<JobStatus | 'missing'>>();
  const statusOf = (jobId: string) => {
    let status = statuses.get(jobId);
    if (!status) {
      status = backend.jobs.get(jobId).then((job) => job?.status ?? 'missing');
      statuses.set(jobId, status);
    }
    return status;
  };
  return Promise.all(
    messages.map(async (message) => {
      const subject = dlqMessageSubject({ queue, body: message.body });
      return { message, subject, jobStatus: subject ? await statusOf(subject.jobId) : undefined };
    }),
  );
}

/** One line about a message: id, first sent, receives, job and status, segment. */
export function describeDlqMessage({ message, subject, jobStatus }: DlqMessage): string {
  const job = subject ? `job ${subject.jobId} (${jobStatus === 'missing' ? 'no such job' : jobStatus})` : 'no job in its body';
  const segment = subject?.segmentIndex === undefined ? '' : `  segment ${subject.segmentIndex}`;
  return `${message.id}  first sent ${formatTime(message.sentAt)}  received ${message.receiveCount}  ${job}${segment}`;
}

/** What an operator chose: `--message-id` one or more times, or `--all`; exactly one of the two. */
export interface DlqSelection {
  messageIds: readonly string[];
  all: boolean;
}

/** What the commands that change a dead-letter queue (replay, purge) are given. */
export interface DlqChangeOptions extends DlqSelection {
  backend: Pick<Backend, 'deadLetterQueue' | 'jobs'>;
  queue: QueueName;
  /** Go on without asking. */
  yes: boolean;
  json: boolean;
  io: OperatorIo;
  logger: Logger;
}

/**
 * The messages an operator chose in `queue`'s dead-letter queue (as they are now, with their jobs), and the ids
 * named that are not there. A selection naming nothing, or both ways, is refused before anything is looked at.
 */
export async function selectDlqMessages({ backend, queue, messageIds, all }: { backend: Pick<Backend, 'deadLetterQueue' | 'jobs'>; queue: QueueName } & DlqSelection): Promise<{ selected: DlqMessage[]; notFound: string[] }> {
  if (all && messageIds.length > 0) throw new UsageError('give --message-id or --all, not both');
  if (!all && messageIds.length === 0) throw new UsageError('say which messages: --message-id <id> (repeatable) or --all');
  const messages = await dlqMessages({ backend, queue, limit: DLQ_SCAN_LIMIT });
  if (all) return { selected: messages, notFound: [] };
  const wanted = new Set(messageIds);
  const selected = messages.filter(({ message }) => wanted.has(message.id));
  const found = new Set(selected.map(({ message }) => message.id));
  return { selected, notFound: [...wanted].filter((id) => !found.has(id)) };
}

/** One log line per message acted on, with its job and segment (the operator's audit trail). */
export function logDone({ logger, queue, entries, done, event }: { logger: Logger; queue: QueueName; entries: readonly DlqMessage[]; done: readonly string[]; event: string }): void {
  const acted = new Set(done);
  for (const { message, subject } of entries) {
    if (!acted.has(message.id)) continue;
    logger.info({ queue, message_id: message.id, ...(subject ? { job_id: subject.jobId } : {}), ...(subject?.segmentIndex === undefined ? {} : { segment_index: subject.segmentIndex }) }, event);
  }
}

export function describeNotFound(id: string): string {
  return `not found ${id} (not in the dead-letter queue any more?)`;
}
