import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, LibsqlError } from '@libsql/client';
import type { Client, InStatement, ResultSet, Transaction } from '@libsql/client';
import { TransientStorageError } from '@stereo-spot/shared-types';
import { AsyncMutex } from './async-mutex.js';
import { SCHEMA_STATEMENTS } from './schema.js';

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
  readonly #client: Client;
  readonly #writeLock: AsyncMutex;

  private constructor({ path, client, writeLock }: { path: string; client: Client; writeLock: AsyncMutex }) {
    this.path = path;
    this.#client = client;
    this.#writeLock = writeLock;
  }

  static async open({ path, busyTimeoutMs = 5000 }: { path: string; busyTimeoutMs?: number }): Promise<SqliteDatabase> {
    const absolute = resolve(path);
    let writeLock = writeLocks.get(absolute);
    if (!writeLock) {
      writeLock = new AsyncMutex();
      writeLocks.set(absolute, writeLock);
    }
    const client = await mapped(async () => createClient({ url: pathToFileURL(absolute).href, timeout: busyTimeoutMs }));
    const db = new SqliteDatabase({ path: absolute, client, writeLock });
    try {
      // WAL lets readers of every process run beside the one writer; the mode is stored in the file.
      await db.#locked(() => client.execute('PRAGMA journal_mode = WAL'));
      await db.batch([...SCHEMA_STATEMENTS]);
    } catch (error) {
      client.close();
      throw toStorageError(error);
    }
    return db;
  }

  /** A read outside any transaction (WAL: sees the last committed state, never waits for writers). */
  read(stmt: InStatement): Promise<ResultSet> {
    return mapped(() => this.#client.execute(stmt));
  }

  /** One write statement (atomic on its own). */
  run(stmt: InStatement): Promise<ResultSet> {
    return this.#locked(() => this.#client.execute(stmt));
  }

  /** Statements run in one write transaction (BEGIN IMMEDIATE), all or nothing. */
  batch(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.#locked(() => this.#client.batch(stmts, 'write'));
  }

  /** An interactive write transaction (BEGIN IMMEDIATE): committed if `fn` resolves, rolled back if it throws. */
  write<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.#locked(async () => {
      const tx = await this.#client.transaction('write');
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

  #locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.#writeLock.run(() => mapped(fn));
  }
}
