import type { QueueName } from '../stages.js';

export interface QueueMessage {
  id: string;
  body: string;
  /** Valid for this delivery only; needed to delete the message or change its visibility. */
  receiptHandle: string;
  /** How many times the message has been received, this delivery included (SQS ApproximateReceiveCount). */
  receiveCount: number;
  /** When the message was first sent (epoch ms). */
  sentAt: number;
}

export interface QueueSender {
  send(args: { body: string; delaySec?: number }): Promise<string>;
}

export interface QueueReceiver {
  /** After this many receives the next receive moves the message to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Long poll: resolves as soon as messages are visible, after `waitSeconds`, or when `signal` aborts. */
  receive(args: { maxMessages: number; waitSeconds: number; visibilityTimeoutSec: number; signal?: AbortSignal }): Promise<QueueMessage[]>;
  delete(receiptHandle: string): Promise<void>;
  /** Extends (heartbeat) or shortens (0 = release now) the message's invisibility. */
  changeVisibility(args: { receiptHandle: string; visibilityTimeoutSec: number }): Promise<void>;
}

export interface Queue extends QueueSender, QueueReceiver {
  readonly name: QueueName;
}

export type Queues = Readonly<Record<QueueName, Queue>>;

/** A dead-lettered message as an operator sees it (no receipt handle: looking never takes it). */
export interface DeadLetterMessage {
  id: string;
  body: string;
  /** When the message was first sent to its queue (epoch ms). */
  sentAt: number;
  /**
   * Receives so far, not counting the look that returned it. SQS keeps counting across the move to the dead-letter
   * queue; the embedded queue counts from the move (approximate either way: watching workers receive too).
   */
  receiveCount: number;
}

/** What a replay or purge did: the ids acted on, and the ids asked for that the queue did not hold (any more). */
export interface DeadLetterOutcome {
  done: string[];
  notFound: string[];
}

/** Which messages a replay or purge acts on: the ids given, or every message when `messageIds` is left out. */
export interface DeadLetterSelection {
  messageIds?: readonly string[];
}

/**
 * The dead-letter queue behind a stage queue: where a message goes after `maxReceiveCount` deliveries. Still a
 * receiver (workers watch it to fail the job), plus the operator's tools: look, send back, discard.
 */
export interface DeadLetterQueue extends QueueReceiver {
  /** The stage queue whose dead letters these are (and where a replay sends them). */
  readonly name: QueueName;
  /** Messages held, in view or not (approximate on SQS). */
  count(): Promise<number>;
  /** Up to `limit` messages, oldest first where the backend can tell; none is deleted, all stay receivable. */
  peek(args: { limit: number }): Promise<DeadLetterMessage[]>;
  /**
   * Sends each selected message's body to the stage queue, then deletes it here: a crash in between leaves a
   * copy in both (at least once), never in neither.
   */
  replay(args: DeadLetterSelection): Promise<DeadLetterOutcome>;
  /** Deletes the selected messages for good. */
  purge(args: DeadLetterSelection): Promise<DeadLetterOutcome>;
}
