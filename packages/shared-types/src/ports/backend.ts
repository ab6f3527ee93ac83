import type { JobStore } from './job-store.js';
import type { ObjectStorage } from './object-storage.js';
import type { DeadLetterQueue, Queues } from './queue.js';
import type { QueueName } from '../stages.js';
import type { ReassemblyLock } from './reassembly-lock.js';
import type { SegmentCompletionStore } from './segment-completion-store.js';

/** Everything a worker needs from the outside world; chosen by the entry point (embedded or AWS). */
export interface Backend {
  readonly kind: 'local' | 'aws';
  readonly jobs: JobStore;
  readonly completions: SegmentCompletionStore;
  readonly lock: ReassemblyLock;
  readonly queues: Queues;
  readonly storage: ObjectStorage;
  /**
   * The dead-letter queue behind a queue, where messages go after too many deliveries. Throws `UsageError` when
   * the queue has none (an SQS queue without a RedrivePolicy).
   */
  deadLetterQueue(name: QueueName): DeadLetterQueue;
  close(): Promise<void>;
}
