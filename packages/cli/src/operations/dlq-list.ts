import { QUEUE_NAMES, type Backend, type QueueName } from '@stereo-spot/shared-types';
import { deadLettersOf } from '@stereo-spot/worker-runtime';
import type { OperatorIo } from './operator-io.js';

/** `dlq list`: how many messages each queue's dead-letter queue holds (null: the queue has none). */
export async function dlqList({ backend, json, io }: { backend: Pick<Backend, 'deadLetterQueue'>; json: boolean; io: OperatorIo }): Promise<void> {
  const counts = await Promise.all(
    QUEUE_NAMES.map(async (queue): Promise<{ queue: QueueName; count: number | null }> => {
      // An SQS queue without a RedrivePolicy: shown as such, not an error for the others.
      const deadLetters = deadLettersOf({ backend, name: queue });
      return { queue, count: deadLetters ? await deadLetters.count() : null };
    }),
  );
  if (json) {
    io.out(JSON.stringify({ queues: counts }));
    return;
  }
  const width = Math.max(...QUEUE_NAMES.map((queue) => queue.length)) + 2;
  io.out(['queue'.padEnd(width) + 'dead letters', ...counts.map(({ queue, count }) => queue.padEnd(width) + (count ?? 'no dead-letter queue'))].join('\n'));
}
