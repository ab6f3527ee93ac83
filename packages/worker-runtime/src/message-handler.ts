import type { Logger, QueueMessage, Stage } from '@stereo-spot/shared-types';

export interface MessageContext {
  message: QueueMessage;
  /** Aborted when the worker must stop now (grace period over) or lost the message. */
  signal: AbortSignal;
  logger: Logger;
}

/** The job (and segment) a message is about: failed when the message can never succeed, and on every log line. */
export interface MessageSubject {
  jobId: string;
  segmentIndex?: number;
}

/** What a stage does with one message of its queue. */
export interface MessageHandler {
  readonly stage: Stage;
  /** What a message is about, if it can be told from its body. */
  subjectOf(body: string): MessageSubject | undefined;
  /** Throw a `PermanentError` for what can never succeed; anything else is retried. */
  handle(context: MessageContext): Promise<void>;
}
