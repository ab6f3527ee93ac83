import { segmentCompletionSchema } from '@stereo-spot/shared-types';
import type { SegmentCompletion, SegmentCompletionStore } from '@stereo-spot/shared-types';
import type { SqliteDatabase } from './sqlite-database.js';

/** The SegmentCompletions table: one record per (job_id, segment_index); rewriting one keeps one. */
export class SqliteSegmentCompletionStore implements SegmentCompletionStore {
  readonly #db: SqliteDatabase;

  constructor({ db }: { db: SqliteDatabase }) {
    this.#db = db;
  }

  async put(completion: SegmentCompletion): Promise<void> {
    const c = segmentCompletionSchema.parse(completion);
    await this.#db.run({
      sql: `INSERT INTO segment_completions (job_id, segment_index, output_s3_uri, started_at, completed_at, total_segments)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (job_id, segment_index) DO UPDATE SET
              output_s3_uri = excluded.output_s3_uri, started_at = excluded.started_at, completed_at = excluded.completed_at,
              total_segments = excluded.total_segments`,
      args: [c.job_id, c.segment_index, c.output_s3_uri, c.started_at ?? null, c.completed_at, c.total_segments],
    });
  }

  async listByJob(jobId: string): Promise<SegmentCompletion[]> {
    const result = await this.#db.read({
      sql: `SELECT job_id, segment_index, output_s3_uri, started_at, completed_at, total_segments FROM segment_completions
            WHERE job_id = ? ORDER BY segment_index`,
      args: [jobId],
    });
    return result.rows.map((row) =>
      segmentCompletionSchema.parse({
        job_id: row.job_id,
        segment_index: row.segment_index,
        output_s3_uri: row.output_s3_uri,
        ...(row.started_at === null ? {} : { started_at: row.started_at }),
        completed_at: row.completed_at,
        total_segments: row.total_segments,
      }),
    );
  }

  async deleteByJob(jobId: string): Promise<number> {
    const result = await this.#db.run({ sql: 'DELETE FROM segment_completions WHERE job_id = ?', args: [jobId] });
    return result.rowsAffected;
  }

  async countByJob(jobId: string): Promise<number> {
    const result = await this.#db.read({ sql: 'SELECT COUNT(*) AS n FROM segment_completions WHERE job_id = ?', args: [jobId] });
    return Number(result.rows[0]?.n ?? 0);
  }
}
