import { UsageError, type Backend, type DeadLetterQueue, type QueueName } from '@stereo-spot/shared-types';

/** The dead-letter queue behind `name`, or undefined when the backend has none for it (see `QueueWorkerOptions.deadLetters`, `dlq list`). */
export function deadLettersOf({ backend, name }: { backend: Pick<Backend, 'deadLetterQueue'>; name: QueueName }): DeadLetterQueue | undefined {
  try {
    return backend.deadLetterQueue(name);
  } catch (error) {
    // An SQS queue without a RedrivePolicy (the port's UsageError): nothing to watch. Anything else is a fault.
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}
