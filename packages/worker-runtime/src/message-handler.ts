import type { Logger, QueueMessage, Stage } from '@stereo-spot/shared-types';

export interface MessageContext {
  message: QueueMessage;
  /** Aborted when the worker must stop now (grace period over) or lost the message. */
  signal: AbortSignal;
  logger: Logger;
}

/** What a stage does with one message of its queue. */
export interface MessageHandler {
  readonly stage: Stage;
  /** The job a message is about, if it can be told; used to fail the job when the message can never succeed. */
  jobIdOf(body: string): string | undefined;
  /** Throw a `PermanentError` for what can never succeed; anything else is retried. */
  handle(context: MessageContext): Promise<void>;
}
