import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, LibsqlError } from '@libsql/client';
import type { Client, InStatement, ResultSet, Transaction } from '@libsql/client';
import { TransientStorageError } from '@stereo-spot/shared-types';
import { AsyncMutex } from './async-mutex.js';
import { ADDED_COLUMNS, SCHEMA_STATEMENTS } from './schema.js';

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

/**
 * libsql waits for a lock synchronously, blocking the event loop: two connections of one process contending
 * would wait for each other forever (until the busy timeout). So every write of a process goes through one
 * lock per database file, shared by every client the process opens on it; the busy timeout then only waits for
 * other processes, whose transactions are short.
 */
const writeLocks = new Map<string, AsyncMutex>();

export function isBusyError(error: unknown): boolean {
  if (!(error instanceof LibsqlError)) return false;
  const primary = typeof error.rawCode === 'number' ? error.rawCode & 0xff : undefined;
  return primary === SQLITE_BUSY || primary === SQLITE_LOCKED || /^SQLITE_(BUSY|LOCKED)/.test(error.code);
}

/** Busy/locked become `TransientStorageError` (callers retry); anything else is rethrown as it is. */
export function toStorageError(error: unknown): unknown {
  if (isBusyError(error)) return new TransientStorageError(`database is busy: ${(error as Error).message}`, { cause: error });
  return error;
}

async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toStorageError(error);
  }
}

/** One SQLite file in WAL mode, shared by several processes: reads run freely, writes are serialized. */
export class SqliteDatabase {
  readonly path: string;
  #client: Client;
  readonly #connect: () => Client;
  readonly #writeLock: AsyncMutex;

  private constructor({ path, connect, writeLock }: { path: string; connect: () => Client; writeLock: AsyncMutex }) {
    this.path = path;
    this.#connect = connect;
    this.#client = connect();
    this.#writeLock = writeLock;
  }

  static async open({ path, busyTimeoutMs = 5000 }: { path: string; busyTimeoutMs?: number }): Promise<SqliteDatabase> {
    const absolute = resolve(path);
    let writeLock = writeLocks.get(absolute);
    if (!writeLock) {
      writeLock = new AsyncMutex();
      writeLocks.set(absolute, writeLock);
    }
    const db = await mapped(async () => new SqliteDatabase({ path: absolute, connect: () => createClient({ url: pathToFileURL(absolute).href, timeout: busyTimeoutMs }), writeLock }));
    try {
      // WAL lets readers of every process run beside the one writer; the mode is stored in the file.
      await db.#locked((client) => client.execute('PRAGMA journal_mode = WAL'));
      await db.batch([...SCHEMA_STATEMENTS]);
      // Looked at and altered in one write transaction: another process opening the same data dir waits.
      await db.write(async (tx) => {
        for (const { table, column, type } of ADDED_COLUMNS) {
          const columns = await tx.execute(`PRAGMA table_info(${table})`);
          if (!columns.rows.some((row) => row.name === column)) await tx.execute(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
        }
      });
    } catch (error) {
      db.close();
      throw toStorageError(error);
    }
    return db;
  }

  /** A read outside any transaction (WAL: sees the last committed state, never waits for writers). */
  read(stmt: InStatement): Promise<ResultSet> {
    return this.#onClient((client) => client.execute(stmt));
  }

  /** One write statement (atomic on its own). */
  run(stmt: InStatement): Promise<ResultSet> {
    return this.#locked((client) => client.execute(stmt));
  }

  /** Statements run in one write transaction (BEGIN IMMEDIATE), all or nothing. */
  batch(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.#locked((client) => client.batch(stmts, 'write'));
  }

  /** An interactive write transaction (BEGIN IMMEDIATE): committed if `fn` resolves, rolled back if it throws. */
  write<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.#locked(async (client) => {
      const tx = await client.transaction('write');
      try {
        const result = await fn(tx);
        await tx.commit();
        return result;
      } catch (error) {
        if (!tx.closed) await tx.rollback().catch(() => undefined);
        throw error;
      } finally {
        tx.close();
      }
    });
  }

  close(): void {
    this.#client.close();
  }

  get closed(): boolean {
    return this.#client.closed;
  }

  #locked<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    return this.#writeLock.run(() => this.#onClient(fn));
  }

  /**
   * Runs `fn` on the client. libsql leaves a statement that failed with SQLITE_BUSY in progress, which keeps its
   * connection inside one read transaction: from then on every read sees the database as it was (a worker would
   * poll an "empty" queue forever) and every commit fails. So after a busy error the connection is replaced.
   */
  async #onClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const client = this.#client;
    try {
      return await fn(client);
    } catch (error) {
      if (isBusyError(error) && this.#client === client && !client.closed) {
        this.#client = this.#connect();
        client.close();
      }
      throw toStorageError(error);
    }
  }
}
