import type { Backend, QueueName } from '@stereo-spot/shared-types';
import { describeDlqMessage, dlqMessages } from './dlq-messages.js';
import type { OperatorIo } from './operator-io.js';

/** `dlq show`: up to `limit` messages of a dead-letter queue with their job, its status now, and the body. */
export async function dlqShow({ backend, queue, limit, json, io }: { backend: Pick<Backend, 'deadLetterQueue' | 'jobs'>; queue: QueueName; limit: number; json: boolean; io: OperatorIo }): Promise<void> {
  const count = await backend.deadLetterQueue(queue).count();
  const messages = await dlqMessages({ backend, queue, limit });
  if (json) {
    io.out(
      JSON.stringify({
        queue,
        count,
        messages: messages.map(({ message, subject, jobStatus }) => ({
          id: message.id,
          sent_at: message.sentAt,
          receive_count: message.receiveCount,
          job_id: subject?.jobId ?? null,
          segment_index: subject?.segmentIndex ?? null,
          job_status: jobStatus ?? null,
          body: message.body,
        })),
      }),
    );
    return;
  }
  const lines = [`${queue} dead-letter queue: ${count} message${count === 1 ? '' : 's'}${messages.length < count ? `, ${messages.length} shown (--limit)` : ''}`];
  for (const entry of messages) lines.push(describeDlqMessage(entry), `  ${entry.message.body}`);
  io.out(lines.join('\n'));
}
