import { randomUUID } from 'node:crypto';
import { ReceiptHandleExpiredError, UsageError } from '@stereo-spot/shared-types';
import type { Queue, QueueMessage, QueueName } from '@stereo-spot/shared-types';
import type { Row } from '@libsql/client';
import { PROCESS_INSTANCE } from './process-identity.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { signalWakeup, waitForWakeup, wakeupKey, wakeupVersion } from './queue-wakeup.js';

/** How often a long poll looks at the database for messages sent by other processes. */
export const POLL_INTERVAL_MS = 200;

export function deadLetterQueueName(name: QueueName): string {
  return `${name}-dlq`;
}

function assertNonNegative(what: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${what} must be a non-negative number, got ${value}`);
}

function toMessage(row: Row): QueueMessage {
  return {
    id: String(row.id),
    body: String(row.body),
    receiptHandle: String(row.receipt_handle),
    receiveCount: Number(row.receive_count),
    sentAt: Number(row.sent_at),
  };
}

/**
 * An SQS-like queue in the shared SQLite file: visibility timeout, receive count, a fresh receipt handle per
 * delivery, and a redrive to the dead-letter queue once a message has been received `maxReceiveCount` times.
 * Claiming is one write transaction, so no two receivers (in any process) get a message while it is invisible.
 */
export class SqliteQueue implements Queue {
  /** The stage queue this is (for a dead-letter queue: the queue it belongs to). */
  readonly name: QueueName;
  /** The queue's own name in the table: `chunking`, or `chunking-dlq` for its dead-letter queue. */
  readonly physicalName: string;
  readonly isDeadLetterQueue: boolean;
  /** Infinity for a dead-letter queue: it has no redrive of its own. */
  readonly maxReceiveCount: number;
  readonly #db: SqliteDatabase;
  readonly #closed: AbortSignal;
  readonly #wakeKey: string;
  readonly #deadLetter: { physicalName: string; wakeKey: string } | undefined;

  constructor({ db, name, maxReceiveCount, deadLetter, closed }: { db: SqliteDatabase; name: QueueName; maxReceiveCount: number; deadLetter: boolean; closed: AbortSignal }) {
    this.#db = db;
    this.#closed = closed;
    this.name = name;
    this.isDeadLetterQueue = deadLetter;
    this.physicalName = deadLetter ? deadLetterQueueName(name) : name;
    this.maxReceiveCount = deadLetter ? Number.POSITIVE_INFINITY : maxReceiveCount;
    this.#wakeKey = wakeupKey({ dbPath: db.path, queue: this.physicalName });
    this.#deadLetter = deadLetter
      ? undefined
      : { physicalName: deadLetterQueueName(name), wakeKey: wakeupKey({ dbPath: db.path, queue: deadLetterQueueName(name) }) };
  }

  async send({ body, delaySec = 0 }: { body: string; delaySec?: number }): Promise<string> {
    if (typeof body !== 'string') throw new UsageError('message body must be a string');
    assertNonNegative('delaySec', delaySec);
    const id = randomUUID();
    const now = Date.now();
    await this.#db.run({
      sql: 'INSERT INTO queue_messages (id, queue, body, sent_at, visible_at) VALUES (?, ?, ?, ?, ?)',
      args: [id, this.physicalName, body, now, now + Math.round(delaySec * 1000)],
    });
    if (delaySec === 0) signalWakeup(this.#wakeKey);
    return id;
  }

  async receive({ maxMessages, waitSeconds, visibilityTimeoutSec, signal }: { maxMessages: number; waitSeconds: number; visibilityTimeoutSec: number; signal?: AbortSignal }): Promise<QueueMessage[]> {
    if (!Number.isSafeInteger(maxMessages) || maxMessages < 1) throw new UsageError(`maxMessages must be a positive integer, got ${maxMessages}`);
    assertNonNegative('waitSeconds', waitSeconds);
    assertNonNegative('visibilityTimeoutSec', visibilityTimeoutSec);
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      if (signal?.aborted || this.#closed.aborted) return [];
      const version = wakeupVersion(this.#wakeKey);
      let messages: QueueMessage[];
      try {
        messages = await this.#claim({ maxMessages, visibilityTimeoutSec });
      } catch (error) {
        // The backend closed under this poll: end it like an abort.
        if (this.#closed.aborted) return [];
        throw error;
      }
      if (messages.length > 0) return messages;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      // A send in this process between the claim and now: look again at once.
      if (wakeupVersion(this.#wakeKey) !== version) continue;
      await waitForWakeup({ key: this.#wakeKey, ms: Math.min(POLL_INTERVAL_MS, remaining), signals: [signal, this.#closed] });
    }
  }

  async delete(receiptHandle: string): Promise<void> {
    // A stale handle (the message was received again since) deletes nothing.
    await this.#db.run({ sql: 'DELETE FROM queue_messages WHERE queue = ? AND receipt_handle = ?', args: [this.physicalName, receiptHandle] });
  }

  /** Throws `ReceiptHandleExpiredError` when the handle is not the message's current one (or it was deleted). */
  async changeVisibility({ receiptHandle, visibilityTimeoutSec }: { receiptHandle: string; visibilityTimeoutSec: number }): Promise<void> {
    assertNonNegative('visibilityTimeoutSec', visibilityTimeoutSec);
    const result = await this.#db.run({
      sql: 'UPDATE queue_messages SET visible_at = ? WHERE queue = ? AND receipt_handle = ?',
      args: [Date.now() + Math.round(visibilityTimeoutSec * 1000), this.physicalName, receiptHandle],
    });
    if (result.rowsAffected === 0) {
      throw new ReceiptHandleExpiredError(`receipt handle is no longer valid on queue ${this.physicalName} (the message was received again or deleted)`);
    }
    if (visibilityTimeoutSec === 0) signalWakeup(this.#wakeKey);
  }

  /** Messages in the queue, visible or not (for operators and tests). */
  async approximateCount(): Promise<{ visible: number; inFlight: number }> {
    const result = await this.#db.read({
      sql: 'SELECT SUM(visible_at <= ?) AS visible, SUM(visible_at > ?) AS in_flight FROM queue_messages WHERE queue = ?',
      args: [Date.now(), Date.now(), this.physicalName],
    });
    const row = result.rows[0];
    return { visible: Number(row?.visible ?? 0), inFlight: Number(row?.in_flight ?? 0) };
  }

  async #claim({ maxMessages, visibilityTimeoutSec }: { maxMessages: number; visibilityTimeoutSec: number }): Promise<QueueMessage[]> {
    // Cheap read first, so idle pollers of every process do not take the write lock.
    const probe = await this.#db.read({
      sql: 'SELECT 1 FROM queue_messages WHERE queue = ? AND visible_at <= ? LIMIT 1',
      args: [this.physicalName, Date.now()],
    });
    if (probe.rows.length === 0) return [];
    const { rows, redriven } = await this.#db.write(async (tx) => {
      const now = Date.now();
      let redriven = 0;
      if (this.#deadLetter) {
        // SQS redrive: a visible message already received maxReceiveCount times goes to the dead-letter queue
        // instead of being delivered again; it keeps its id and first-sent time, its receive count restarts.
        const moved = await tx.execute({
          sql: `UPDATE queue_messages SET queue = ?, receive_count = 0, receipt_handle = NULL, holder_pid = NULL,
                  holder_instance = NULL, visible_at = ?
                WHERE queue = ? AND visible_at <= ? AND receive_count >= ?`,
          args: [this.#deadLetter.physicalName, now, this.physicalName, now, this.maxReceiveCount],
        });
        redriven = moved.rowsAffected;
      }
      // A dead-letter queue is watched by receives that leave its messages in view: oldest look first, so a look
      // moves them to the back and every message comes round, however many older ones nobody purged.
      const order = this.isDeadLetterQueue ? 'visible_at, seq' : 'sent_at, seq';
      const claimed = await tx.execute({
        sql: `UPDATE queue_messages SET receive_count = receive_count + 1, receipt_handle = lower(hex(randomblob(16))),
                visible_at = ?, holder_pid = ?, holder_instance = ?
              WHERE seq IN (SELECT seq FROM queue_messages WHERE queue = ? AND visible_at <= ? ORDER BY ${order} LIMIT ?)
              RETURNING seq, id, body, receipt_handle, receive_count, sent_at`,
        args: [now + Math.round(visibilityTimeoutSec * 1000), process.pid, PROCESS_INSTANCE, this.physicalName, now, maxMessages],
      });
      return { rows: claimed.rows, redriven };
    });
    if (redriven > 0 && this.#deadLetter) signalWakeup(this.#deadLetter.wakeKey);
    return [...rows].sort((a, b) => Number(a.sent_at) - Number(b.sent_at) || Number(a.seq) - Number(b.seq)).map(toMessage);
  }
}
