import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ReceiptHandleExpiredError, UsageError } from '@stereo-spot/shared-types';
import type { DeadLetterMessage, DeadLetterOutcome, DeadLetterQueue, DeadLetterSelection, QueueMessage } from '@stereo-spot/shared-types';
import { callAws } from './aws-errors.js';
import { SQS_MAX_MESSAGES, SqsQueue } from './sqs-queue.js';

/**
 * How long a scan hides the messages it has looked at. Longer than the scan may run, so no message comes back
 * into view (and is counted twice) while the scan goes on; a crashed scan's messages reappear after it.
 */
export const SCAN_VISIBILITY_SEC = 60;
/** A scan stops after this long (well inside the visibility above) or this many messages: SQS has no listing. */
export const SCAN_MAX_MS = 40_000;
export const SCAN_MAX_MESSAGES = 5_000;

const COUNTED_ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

type Visit = (message: QueueMessage) => Promise<'kept' | 'taken'>;

/**
 * An SQS dead-letter queue with the operator's tools. SQS cannot look without receiving, so every tool is a scan:
 * receive batches with a visibility timeout until nothing new comes (each message seen once), act on the chosen
 * ones, and make the others visible again at the end. Receiving is best-effort on SQS, so a scan is bounded in
 * time and size; a message it missed is still in the queue for the next one.
 */
export class SqsDeadLetterQueue extends SqsQueue implements DeadLetterQueue {
  readonly #sqs: SQSClient;
  readonly #stageQueue: SqsQueue;

  constructor({ sqs, queueUrl, stageQueue, closed }: { sqs: SQSClient; queueUrl: string; stageQueue: SqsQueue; closed: AbortSignal }) {
    super({ sqs, name: stageQueue.name, queueUrl, maxReceiveCount: Number.POSITIVE_INFINITY, closed });
    this.#sqs = sqs;
    this.#stageQueue = stageQueue;
  }

  async count(): Promise<number> {
    const result = await callAws(`count dead letters of ${this.name}`, () =>
      this.#sqs.send(new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: [...COUNTED_ATTRIBUTES] })),
    );
    return COUNTED_ATTRIBUTES.reduce((sum, attribute) => sum + Number(result.Attributes?.[attribute] ?? 0), 0);
  }

  async peek({ limit }: { limit: number }): Promise<DeadLetterMessage[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`limit must be a positive integer, got ${limit}`);
    const seen: DeadLetterMessage[] = [];
    await this.#scan({
      limit,
      visit: async ({ id, body, sentAt, receiveCount }) => {
        // Our own receive counted as one.
        seen.push({ id, body, sentAt, receiveCount: Math.max(0, receiveCount - 1) });
        return 'kept';
      },
    });
    return seen.sort((a, b) => a.sentAt - b.sentAt);
  }

  async replay({ messageIds }: DeadLetterSelection): Promise<DeadLetterOutcome> {
    return this.#act({
      messageIds,
      act: async (message) => {
        // Send first, then delete: a crash in between leaves a duplicate (workers are idempotent), never a loss.
        await this.#stageQueue.send({ body: message.body });
        await this.delete(message.receiptHandle);
      },
    });
  }

  async purge({ messageIds }: DeadLetterSelection): Promise<DeadLetterOutcome> {
    return this.#act({ messageIds, act: (message) => this.delete(message.receiptHandle) });
  }

  async #act({ messageIds, act }: DeadLetterSelection & { act: (message: QueueMessage) => Promise<void> }): Promise<DeadLetterOutcome> {
    if (messageIds?.length === 0) return { done: [], notFound: [] };
    const wanted = messageIds === undefined ? undefined : new Set(messageIds);
    const done: string[] = [];
    await this.#scan({
      limit: SCAN_MAX_MESSAGES,
      // Stop as soon as every id asked for is done.
      until: () => wanted !== undefined && done.length === wanted.size,
      visit: async (message) => {
        if (wanted && !wanted.has(message.id)) return 'kept';
        await act(message);
        done.push(message.id);
        return 'taken';
      },
    });
    const found = new Set(done);
    return { done, notFound: wanted ? [...wanted].filter((id) => !found.has(id)) : [] };
  }

  /** Visits each message once (up to `limit`), then makes visible again every message it kept. */
  async #scan({ limit, visit, until = () => false }: { limit: number; visit: Visit; until?: () => boolean }): Promise<void> {
    const kept = new Map<string, QueueMessage>();
    const seen = new Set<string>();
    const deadline = Date.now() + SCAN_MAX_MS;
    try {
      while (seen.size < limit && !until() && Date.now() < deadline) {
        // A one-second long poll asks every SQS server, where a short poll samples some and may miss messages.
        const batch = await this.receive({ maxMessages: SQS_MAX_MESSAGES, waitSeconds: 1, visibilityTimeoutSec: SCAN_VISIBILITY_SEC });
        const fresh = batch.filter((message) => !seen.has(message.id));
        // A message seen before came back into view: keep its newest receipt handle to release it with.
        for (const message of batch) if (kept.has(message.id)) kept.set(message.id, message);
        if (fresh.length === 0) break;
        for (const message of fresh) {
          seen.add(message.id);
          // Past the limit (or done): not looked at, just released. A visit that fails releases its message too.
          const outcome = seen.size > limit || until() ? 'kept' : await visit(message).catch((error: unknown) => {
            kept.set(message.id, message);
            throw error;
          });
          if (outcome === 'kept') kept.set(message.id, message);
        }
      }
    } finally {
      await this.#release([...kept.values()]);
    }
  }

  async #release(messages: QueueMessage[]): Promise<void> {
    // Ten at a time, like a batch request, without holding many sockets.
    for (let start = 0; start < messages.length; start += SQS_MAX_MESSAGES) {
      await Promise.all(
        messages.slice(start, start + SQS_MAX_MESSAGES).map((message) =>
          this.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: 0 }).catch((error: unknown) => {
            // Deleted or received by someone else meanwhile: nothing of ours to release.
            if (!(error instanceof ReceiptHandleExpiredError)) throw error;
          }),
        ),
      );
    }
  }
}
