import type { JobStore } from './job-store.js';
import type { ObjectStorage } from './object-storage.js';
import type { Queue, Queues } from './queue.js';
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
   * The dead-letter queue behind a queue, where messages go after too many deliveries. Optional (test doubles);
   * may throw when the queue has none.
   */
  deadLetterQueue?(name: QueueName): Queue;
  close(): Promise<void>;
}
