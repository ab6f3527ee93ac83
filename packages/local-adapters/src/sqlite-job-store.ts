import { ACTIVE_JOB_STATUSES, assertSegmentFrames, ConflictError, decodeCursor, encodeCursor, FINAL_JOB_STATUSES, jobPatchSchema, jobSchema, parseUnset, UsageError } from '@stereo-spot/shared-types';
import type { DeleteResult, Job, JobPage, JobPatch, JobPatchField, JobStatus, JobStore, TransitionResult } from '@stereo-spot/shared-types';
import type { InValue, Row } from '@libsql/client';
import type { SqliteDatabase } from './sqlite-database.js';


function parseJobRow(row: Row | undefined): Job | undefined {
  if (!row) return undefined;
  return jobSchema.parse(JSON.parse(String(row.data)));
}

function assertLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`limit must be a positive integer, got ${limit}`);
}

/** One page of a keyset query that asked for `limit + 1` rows: the extra row only says that more follow. */
function toPage({ rows, limit, sortColumn }: { rows: Row[]; limit: number; sortColumn: string }): JobPage {
  const kept = rows.slice(0, limit);
  const jobs = kept.map((row) => parseJobRow(row) as Job);
  const last = kept.at(-1);
  if (rows.length > limit && last) return { jobs, nextCursor: encodeCursor({ at: Number(last[sortColumn]), jobId: String(last.job_id) }) };
  return { jobs };
}

/** The Jobs table: conditional status transitions, completed jobs listed newest first by keyset pagination. */
export class SqliteJobStore implements JobStore {
  readonly #db: SqliteDatabase;

  constructor({ db }: { db: SqliteDatabase }) {
    this.#db = db;
  }

  async create(job: Job): Promise<void> {
    const valid = jobSchema.parse(job);
    const result = await this.#db.run({
      sql: 'INSERT INTO jobs (job_id, status, completed_at, data) VALUES (?, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING',
      args: [valid.job_id, valid.status, valid.completed_at ?? 0, JSON.stringify(valid)],
    });
    if (result.rowsAffected === 0) throw new ConflictError(`job ${valid.job_id} already exists`);
  }

  async get(jobId: string): Promise<Job | undefined> {
    const result = await this.#db.read({ sql: 'SELECT data FROM jobs WHERE job_id = ?', args: [jobId] });
    return parseJobRow(result.rows[0]);
  }

  async transition({ jobId, from, to, patch = {}, unset }: { jobId: string; from: readonly JobStatus[]; to: JobStatus; patch?: JobPatch; unset?: readonly JobPatchField[] }): Promise<TransitionResult> {
    const fields = jobPatchSchema.parse(patch);
    const removed = parseUnset({ patch: fields, unset });
    if (from.length === 0) return { applied: false, current: await this.get(jobId) };
    const now = Date.now();
    // Top-level fields are replaced (json_set), never merged, so a new `error` or `source` does not keep old keys.
    const sets: string[] = ["'$.status', ?", "'$.updated_at', ?"];
    const setArgs: InValue[] = [to, now];
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      if (typeof value === 'object') {
        sets.push(`'$.${name}', json(?)`);
        setArgs.push(JSON.stringify(value));
      } else {
        sets.push(`'$.${name}', ?`);
        setArgs.push(value);
      }
    }
    // A completed job always has a completed_at, so it sorts in listCompleted.
    let completedAtSql = 'completed_at';
    const completedAtArgs: InValue[] = [];
    if (removed.includes('completed_at')) {
      completedAtSql = '0';
    } else if (fields.completed_at !== undefined) {
      completedAtSql = '?';
      completedAtArgs.push(fields.completed_at);
    } else if (to === 'completed') {
      completedAtSql = "COALESCE(json_extract(data, '$.completed_at'), ?)";
      completedAtArgs.push(now);
      sets.push(`'$.completed_at', ${completedAtSql}`);
      setArgs.push(now);
    }
    const data = removed.length > 0 ? `json_remove(json_set(data, ${sets.join(', ')}), ${removed.map((name) => `'$.${name}'`).join(', ')})` : `json_set(data, ${sets.join(', ')})`;
    // One conditional UPDATE: atomic against every other writer, whatever process it runs in.
    const result = await this.#db.run({
      sql: `UPDATE jobs SET status = ?, completed_at = ${completedAtSql}, data = ${data}
            WHERE job_id = ? AND status IN (${from.map(() => '?').join(', ')})
            RETURNING data`,
      args: [to, ...completedAtArgs, ...setArgs, jobId, ...from],
    });
    const job = parseJobRow(result.rows[0]);
    if (job) return { applied: true, job };
    return { applied: false, current: await this.get(jobId) };
  }

  async recordSegmentFrames({ jobId, segmentIndex, frames }: { jobId: string; segmentIndex: number; frames: number }): Promise<boolean> {
    assertSegmentFrames({ segmentIndex, frames });
    // The path is built from a checked integer; json_patch merges one key into the map, MAX keeps it rising.
    const path = `$.segment_frames."${segmentIndex}"`;
    const result = await this.#db.run({
      sql: `UPDATE jobs SET data = json_set(data, '$.segment_frames',
              json_patch(COALESCE(json_extract(data, '$.segment_frames'), '{}'),
                         json_object(?, MAX(COALESCE(json_extract(data, ?), 0), ?))))
            WHERE job_id = ? AND status IN (${ACTIVE_JOB_STATUSES.map(() => '?').join(', ')})`,
      args: [String(segmentIndex), path, frames, jobId, ...ACTIVE_JOB_STATUSES],
    });
    return result.rowsAffected > 0;
  }

  async delete({ jobId }: { jobId: string }): Promise<DeleteResult> {
    const result = await this.#db.run({
      sql: `DELETE FROM jobs WHERE job_id = ? AND status IN (${FINAL_JOB_STATUSES.map(() => '?').join(', ')})`,
      args: [jobId, ...FINAL_JOB_STATUSES],
    });
    if (result.rowsAffected > 0) return { deleted: true };
    return { deleted: false, current: await this.get(jobId) };
  }

  async listCompleted({ limit, cursor }: { limit: number; cursor?: string }): Promise<JobPage> {
    assertLimit(limit);
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // Keyset pagination on (completed_at, job_id): a job completed meanwhile sorts before the cursor and never
    // shifts the pages that follow.
    const result = await this.#db.read(
      after
        ? {
            sql: `SELECT data, completed_at, job_id FROM jobs WHERE status = 'completed'
                  AND (completed_at < ? OR (completed_at = ? AND job_id < ?))
                  ORDER BY completed_at DESC, job_id DESC LIMIT ?`,
            args: [after.at, after.at, after.jobId, limit + 1],
          }
        : {
            sql: `SELECT data, completed_at, job_id FROM jobs WHERE status = 'completed'
                  ORDER BY completed_at DESC, job_id DESC LIMIT ?`,
            args: [limit + 1],
          },
    );
    return toPage({ rows: result.rows, limit, sortColumn: 'completed_at' });
  }

  async list({ status, limit, cursor }: { status: JobStatus; limit: number; cursor?: string }): Promise<JobPage> {
    assertLimit(limit);
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // The same keyset pagination on (updated_at, job_id), read from the Job JSON (an operator's listing).
    const updatedAt = "json_extract(data, '$.updated_at')";
    const result = await this.#db.read(
      after
        ? {
            sql: `SELECT data, ${updatedAt} AS updated_at, job_id FROM jobs WHERE status = ?
                  AND (${updatedAt} < ? OR (${updatedAt} = ? AND job_id < ?))
                  ORDER BY updated_at DESC, job_id DESC LIMIT ?`,
            args: [status, after.at, after.at, after.jobId, limit + 1],
          }
        : {
            sql: `SELECT data, ${updatedAt} AS updated_at, job_id FROM jobs WHERE status = ? ORDER BY updated_at DESC, job_id DESC LIMIT ?`,
            args: [status, limit + 1],
          },
    );
    return toPage({ rows: result.rows, limit, sortColumn: 'updated_at' });
  }
}
