/**
 * The tables of the embedded backend. Every statement is idempotent so that any process may open the data dir
 * first; `user_version` records the layout for future migrations.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_STATEMENTS: readonly string[] = [
  // The Jobs table; `data` is the Job JSON, the other columns are what queries filter and sort on.
  `CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    completed_at INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL
  )`,
  // The status-completed_at index of DESIGN.md, with job_id to break ties.
  `CREATE INDEX IF NOT EXISTS jobs_by_status_completed ON jobs (status, completed_at DESC, job_id DESC)`,
  // The status-updated_at index (jobs of one status for operators), on the Job JSON's updated_at.
  `CREATE INDEX IF NOT EXISTS jobs_by_status_updated ON jobs (status, json_extract(data, '$.updated_at') DESC, job_id DESC)`,
  `CREATE TABLE IF NOT EXISTS segment_completions (
    job_id TEXT NOT NULL,
    segment_index INTEGER NOT NULL,
    output_s3_uri TEXT NOT NULL,
    completed_at INTEGER NOT NULL,
    total_segments INTEGER NOT NULL,
    started_at INTEGER,
    PRIMARY KEY (job_id, segment_index)
  )`,
  `CREATE TABLE IF NOT EXISTS reassembly_triggered (
    job_id TEXT PRIMARY KEY,
    triggered_at INTEGER NOT NULL,
    reassembly_started_at INTEGER,
    owner TEXT,
    lease_until INTEGER,
    ttl INTEGER NOT NULL
  )`,
  // All queues (and their dead-letter queues) share one table; `queue` names the physical queue.
  // `seq` orders messages sent in the same millisecond; a redrive keeps `id` and `sent_at`.
  `CREATE TABLE IF NOT EXISTS queue_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    queue TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    visible_at INTEGER NOT NULL,
    receive_count INTEGER NOT NULL DEFAULT 0,
    receipt_handle TEXT,
    holder_pid INTEGER,
    holder_instance TEXT
  )`,
  `CREATE INDEX IF NOT EXISTS queue_messages_by_order ON queue_messages (queue, sent_at, seq)`,
  `CREATE INDEX IF NOT EXISTS queue_messages_by_visibility ON queue_messages (queue, visible_at)`,
  `CREATE INDEX IF NOT EXISTS queue_messages_by_receipt ON queue_messages (receipt_handle)`,
  `PRAGMA user_version = ${SCHEMA_VERSION}`,
];

/**
 * Columns a table gained after data dirs were first made with it (`CREATE TABLE IF NOT EXISTS` leaves an
 * existing table as it is): opening a data dir adds each one its table lacks.
 */
export const ADDED_COLUMNS: ReadonlyArray<{ table: string; column: string; type: string }> = [
  // When the worker started on the segment.
  { table: 'segment_completions', column: 'started_at', type: 'INTEGER' },
];
