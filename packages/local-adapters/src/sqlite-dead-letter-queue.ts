import { UsageError } from '@stereo-spot/shared-types';
import type { DeadLetterMessage, DeadLetterOutcome, DeadLetterQueue, DeadLetterSelection, QueueName } from '@stereo-spot/shared-types';
import type { InValue } from '@libsql/client';
import type { SqliteDatabase } from './sqlite-database.js';
import { SqliteQueue } from './sqlite-queue.js';
import { signalWakeup, wakeupKey } from './queue-wakeup.js';

/** The rows a selection covers: every message of the queue, or those with the given ids. */
function selectionSql({ queue, messageIds }: { queue: string } & DeadLetterSelection): { where: string; args: InValue[] } {
  if (messageIds === undefined) return { where: 'queue = ?', args: [queue] };
  return { where: `queue = ? AND id IN (${messageIds.map(() => '?').join(', ')})`, args: [queue, ...messageIds] };
}

function outcome({ asked, done }: { asked: readonly string[] | undefined; done: string[] }): DeadLetterOutcome {
  const found = new Set(done);
  return { done, notFound: [...new Set(asked ?? [])].filter((id) => !found.has(id)) };
}

/**
 * A dead-letter queue in the shared SQLite file. Looking is a plain read (it never counts as a receive), and a
 * replay moves the rows to the stage queue in one statement, so a message is never in both queues or in neither.
 */
export class SqliteDeadLetterQueue extends SqliteQueue implements DeadLetterQueue {
  readonly #db: SqliteDatabase;
  readonly #stageWakeKey: string;

  constructor({ db, name, closed }: { db: SqliteDatabase; name: QueueName; closed: AbortSignal }) {
    super({ db, name, maxReceiveCount: Number.POSITIVE_INFINITY, deadLetter: true, closed });
    this.#db = db;
    this.#stageWakeKey = wakeupKey({ dbPath: db.path, queue: name });
  }

  async count(): Promise<number> {
    const result = await this.#db.read({ sql: 'SELECT COUNT(*) AS n FROM queue_messages WHERE queue = ?', args: [this.physicalName] });
    return Number(result.rows[0]?.n ?? 0);
  }

  async peek({ limit }: { limit: number }): Promise<DeadLetterMessage[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`limit must be a positive integer, got ${limit}`);
    const result = await this.#db.read({
      sql: 'SELECT id, body, sent_at, receive_count FROM queue_messages WHERE queue = ? ORDER BY sent_at, seq LIMIT ?',
      args: [this.physicalName, limit],
    });
    return result.rows.map((row) => ({ id: String(row.id), body: String(row.body), sentAt: Number(row.sent_at), receiveCount: Number(row.receive_count) }));
  }

  async replay({ messageIds }: DeadLetterSelection): Promise<DeadLetterOutcome> {
    if (messageIds?.length === 0) return { done: [], notFound: [] };
    const { where, args } = selectionSql({ queue: this.physicalName, messageIds });
    // Back as a fresh message: visible now, its receive count from zero, no holder; id and first-sent time kept.
    const result = await this.#db.run({
      sql: `UPDATE queue_messages SET queue = ?, visible_at = ?, receive_count = 0, receipt_handle = NULL, holder_pid = NULL, holder_instance = NULL
            WHERE ${where} RETURNING id`,
      args: [this.name, Date.now(), ...args],
    });
    if (result.rows.length > 0) signalWakeup(this.#stageWakeKey);
    return outcome({ asked: messageIds, done: result.rows.map((row) => String(row.id)) });
  }

  async purge({ messageIds }: DeadLetterSelection): Promise<DeadLetterOutcome> {
    if (messageIds?.length === 0) return { done: [], notFound: [] };
    const { where, args } = selectionSql({ queue: this.physicalName, messageIds });
    const result = await this.#db.run({ sql: `DELETE FROM queue_messages WHERE ${where} RETURNING id`, args });
    return outcome({ asked: messageIds, done: result.rows.map((row) => String(row.id)) });
  }
}
