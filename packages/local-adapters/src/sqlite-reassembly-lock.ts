import type { ReassemblyLock, ReassemblyLockRecord } from '@stereo-spot/shared-types';
import type { Row, Transaction } from '@libsql/client';
import type { SqliteDatabase } from './sqlite-database.js';

/** TTL given to a record that `tryAcquire` has to create (a reassembly message replayed after the record expired). */
export const DEFAULT_LOCK_TTL_SEC = 7 * 24 * 3600;

function toRecord(row: Row): ReassemblyLockRecord {
  const optional = (value: unknown) => (value === null || value === undefined ? undefined : value);
  const startedAt = optional(row.reassembly_started_at);
  const owner = optional(row.owner);
  const leaseUntil = optional(row.lease_until);
  return {
    job_id: String(row.job_id),
    triggered_at: Number(row.triggered_at),
    ...(startedAt === undefined ? {} : { reassembly_started_at: Number(startedAt) }),
    ...(owner === undefined ? {} : { owner: String(owner) }),
    ...(leaseUntil === undefined ? {} : { lease_until: Number(leaseUntil) }),
    ttl: Number(row.ttl),
  };
}

/**
 * The ReassemblyTriggered table. A record whose `ttl` has passed counts as absent (as if DynamoDB's TTL had
 * deleted it), and is overwritten by the next create or acquire.
 */
export class SqliteReassemblyLock implements ReassemblyLock {
  readonly #db: SqliteDatabase;

  constructor({ db }: { db: SqliteDatabase }) {
    this.#db = db;
  }

  async tryCreate({ jobId, ttlSec }: { jobId: string; ttlSec: number }): Promise<boolean> {
    const now = Date.now();
    const nowSec = Math.floor(now / 1000);
    const result = await this.#db.run({
      sql: `INSERT INTO reassembly_triggered (job_id, triggered_at, ttl) VALUES (?, ?, ?)
            ON CONFLICT (job_id) DO UPDATE SET triggered_at = excluded.triggered_at, ttl = excluded.ttl,
              reassembly_started_at = NULL, owner = NULL, lease_until = NULL
            WHERE reassembly_triggered.ttl < ?`,
      args: [jobId, now, nowSec + Math.ceil(ttlSec), nowSec],
    });
    return result.rowsAffected === 1;
  }

  async tryAcquire({ jobId, owner, leaseSec }: { jobId: string; owner: string; leaseSec: number }): Promise<boolean> {
    return this.#db.write(async (tx) => {
      const now = Date.now();
      const nowSec = Math.floor(now / 1000);
      const leaseUntil = now + Math.round(leaseSec * 1000);
      const current = await this.#read(tx, jobId);
      if (!current || current.ttl < nowSec) {
        // Missing or expired: an operator may replay a reassembly message after the record expired.
        await tx.execute({
          sql: `INSERT OR REPLACE INTO reassembly_triggered (job_id, triggered_at, reassembly_started_at, owner, lease_until, ttl)
                VALUES (?, ?, ?, ?, ?, ?)`,
          args: [jobId, now, now, owner, leaseUntil, nowSec + DEFAULT_LOCK_TTL_SEC],
        });
        return true;
      }
      const free = current.reassembly_started_at === undefined || current.lease_until === undefined || current.lease_until < now;
      if (!free) return false;
      await tx.execute({
        sql: `UPDATE reassembly_triggered SET reassembly_started_at = COALESCE(reassembly_started_at, ?), owner = ?, lease_until = ?
              WHERE job_id = ?`,
        args: [now, owner, leaseUntil, jobId],
      });
      return true;
    });
  }

  async renew({ jobId, owner, leaseSec }: { jobId: string; owner: string; leaseSec: number }): Promise<boolean> {
    const result = await this.#db.run({
      sql: 'UPDATE reassembly_triggered SET lease_until = ? WHERE job_id = ? AND owner = ?',
      args: [Date.now() + Math.round(leaseSec * 1000), jobId, owner],
    });
    return result.rowsAffected === 1;
  }

  async release({ jobId, owner }: { jobId: string; owner: string }): Promise<void> {
    await this.#db.run({ sql: 'UPDATE reassembly_triggered SET lease_until = 0 WHERE job_id = ? AND owner = ?', args: [jobId, owner] });
  }

  async get(jobId: string): Promise<ReassemblyLockRecord | undefined> {
    const result = await this.#db.read({ sql: 'SELECT * FROM reassembly_triggered WHERE job_id = ? AND ttl >= ?', args: [jobId, Math.floor(Date.now() / 1000)] });
    const row = result.rows[0];
    return row ? toRecord(row) : undefined;
  }

  async clear(jobId: string): Promise<void> {
    await this.#db.run({ sql: 'DELETE FROM reassembly_triggered WHERE job_id = ?', args: [jobId] });
  }

  async #read(tx: Transaction, jobId: string): Promise<ReassemblyLockRecord | undefined> {
    const result = await tx.execute({ sql: 'SELECT * FROM reassembly_triggered WHERE job_id = ?', args: [jobId] });
    const row = result.rows[0];
    return row ? toRecord(row) : undefined;
  }
}
