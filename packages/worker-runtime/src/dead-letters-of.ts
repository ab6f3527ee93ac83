import type { Backend, QueueName, QueueReceiver } from '@stereo-spot/shared-types';

/** The dead-letter queue behind `name`, or undefined when the backend has none for it (see `QueueWorkerOptions.deadLetters`). */
export function deadLettersOf({ backend, name }: { backend: Pick<Backend, 'deadLetterQueue'>; name: QueueName }): QueueReceiver | undefined {
  try {
    return backend.deadLetterQueue(name);
  } catch {
    // An SQS queue without a RedrivePolicy: nothing to watch.
    return undefined;
  }
}
