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
