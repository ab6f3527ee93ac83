import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ReceiptHandleExpiredError, UsageError } from '@stereo-spot/shared-types';
import type { Queue, QueueMessage, QueueName } from '@stereo-spot/shared-types';
import { awsErrorName, callAws } from './aws-errors.js';

/** SQS limits: 10 messages per receive, 20 s of long poll, whole seconds everywhere. */
export const SQS_MAX_MESSAGES = 10;
export const SQS_MAX_WAIT_SEC = 20;

/** SQS counts time in whole seconds; rounding up never shortens a visibility or a wait asked for. */
const wholeSeconds = (value: number): number => Math.ceil(value);

function assertNonNegative(what: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${what} must be a non-negative number, got ${value}`);
}

export function receiveRequest({ queueUrl, maxMessages, waitSeconds, visibilityTimeoutSec }: { queueUrl: string; maxMessages: number; waitSeconds: number; visibilityTimeoutSec: number }) {
  return {
    QueueUrl: queueUrl,
    MaxNumberOfMessages: Math.min(SQS_MAX_MESSAGES, maxMessages),
    WaitTimeSeconds: Math.min(SQS_MAX_WAIT_SEC, wholeSeconds(waitSeconds)),
    VisibilityTimeout: wholeSeconds(visibilityTimeoutSec),
    MessageSystemAttributeNames: ['ApproximateReceiveCount' as const, 'SentTimestamp' as const],
  };
}

function toQueueMessage(message: Message): QueueMessage {
  if (!message.MessageId || message.ReceiptHandle === undefined || message.Body === undefined) throw new Error('SQS returned a message without id, receipt handle or body');
  return {
    id: message.MessageId,
    body: message.Body,
    receiptHandle: message.ReceiptHandle,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
    sentAt: Number(message.Attributes?.SentTimestamp ?? Date.now()),
  };
}

/** One SQS queue behind the Queue port. The dead-letter redrive is SQS's own (the queue's RedrivePolicy). */
export class SqsQueue implements Queue {
  readonly name: QueueName;
  readonly queueUrl: string;
  /** From the queue's RedrivePolicy; Infinity when it has none (a dead-letter queue itself). */
  readonly maxReceiveCount: number;
  readonly #sqs: SQSClient;
  readonly #closed: AbortSignal;

  constructor({ sqs, name, queueUrl, maxReceiveCount, closed }: { sqs: SQSClient; name: QueueName; queueUrl: string; maxReceiveCount: number; closed: AbortSignal }) {
    this.#sqs = sqs;
    this.name = name;
    this.queueUrl = queueUrl;
    this.maxReceiveCount = maxReceiveCount;
    this.#closed = closed;
  }

  async send({ body, delaySec = 0 }: { body: string; delaySec?: number }): Promise<string> {
    if (typeof body !== 'string') throw new UsageError('message body must be a string');
    assertNonNegative('delaySec', delaySec);
    const result = await callAws(`send to ${this.name}`, () =>
      this.#sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body, ...(delaySec > 0 ? { DelaySeconds: wholeSeconds(delaySec) } : {}) })),
    );
    return result.MessageId ?? '';
  }

  async receive({ maxMessages, waitSeconds, visibilityTimeoutSec, signal }: { maxMessages: number; waitSeconds: number; visibilityTimeoutSec: number; signal?: AbortSignal }): Promise<QueueMessage[]> {
    if (!Number.isSafeInteger(maxMessages) || maxMessages < 1) throw new UsageError(`maxMessages must be a positive integer, got ${maxMessages}`);
    assertNonNegative('waitSeconds', waitSeconds);
    assertNonNegative('visibilityTimeoutSec', visibilityTimeoutSec);
    const abortSignal = signal ? AbortSignal.any([signal, this.#closed]) : this.#closed;
    if (abortSignal.aborted) return [];
    try {
      const result = await callAws(`receive from ${this.name}`, () =>
        this.#sqs.send(new ReceiveMessageCommand(receiveRequest({ queueUrl: this.queueUrl, maxMessages, waitSeconds, visibilityTimeoutSec })), { abortSignal }),
      );
      return (result.Messages ?? []).map(toQueueMessage);
    } catch (error) {
      // A stop or close ends the long poll like an empty receive; a message SQS delivered meanwhile comes back
      // after its visibility timeout.
      if (abortSignal.aborted || awsErrorName(error) === 'AbortError') return [];
      throw error;
    }
  }

  async delete(receiptHandle: string): Promise<void> {
    try {
      await callAws(`delete from ${this.name}`, () => this.#sqs.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle })));
    } catch (error) {
      // A stale handle deletes nothing, as on the embedded backend; the current holder deletes it.
      if (error instanceof ReceiptHandleExpiredError) return;
      throw error;
    }
  }

  /** Throws `ReceiptHandleExpiredError` when the handle is not the message's current one (or it was deleted). */
  async changeVisibility({ receiptHandle, visibilityTimeoutSec }: { receiptHandle: string; visibilityTimeoutSec: number }): Promise<void> {
    assertNonNegative('visibilityTimeoutSec', visibilityTimeoutSec);
    await callAws(`change visibility on ${this.name}`, () =>
      this.#sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: wholeSeconds(visibilityTimeoutSec) })),
    );
  }
}
