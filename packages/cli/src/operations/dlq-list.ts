import { QUEUE_NAMES, UsageError, type Backend, type QueueName } from '@stereo-spot/shared-types';
import type { OperatorIo } from './operator-io.js';

/** `dlq list`: how many messages each queue's dead-letter queue holds (null: the queue has none). */
export async function dlqList({ backend, json, io }: { backend: Pick<Backend, 'deadLetterQueue'>; json: boolean; io: OperatorIo }): Promise<void> {
  const counts = await Promise.all(
    QUEUE_NAMES.map(async (queue): Promise<{ queue: QueueName; count: number | null }> => {
      try {
        return { queue, count: await backend.deadLetterQueue(queue).count() };
      } catch (error) {
        // An SQS queue without a RedrivePolicy: shown as such, not an error for the others.
        if (error instanceof UsageError) return { queue, count: null };
        throw error;
      }
    }),
  );
  if (json) {
    io.out(JSON.stringify({ queues: counts }));
    return;
  }
  const width = Math.max(...QUEUE_NAMES.map((queue) => queue.length)) + 2;
  io.out(['queue'.padEnd(width) + 'dead letters', ...counts.map(({ queue, count }) => queue.padEnd(width) + (count ?? 'no dead-letter queue'))].join('\n'));
}
