import { isHolderGone } from './process-identity.js';
import { signalWakeup, wakeupKey } from './queue-wakeup.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Makes visible at once every in-flight message (of any queue) whose holder process is gone, so work
 * interrupted by kill -9 resumes without waiting for its visibility timeout. Returns how many were released.
 */
export async function releaseOrphanedMessages({ db }: { db: SqliteDatabase }): Promise<number> {
  const holders = await db.read({
    sql: 'SELECT DISTINCT holder_pid, holder_instance FROM queue_messages WHERE visible_at > ? AND holder_pid IS NOT NULL',
    args: [Date.now()],
  });
  let released = 0;
  const queues = new Set<string>();
  for (const row of holders.rows) {
    const pid = Number(row.holder_pid);
    const instance = row.holder_instance === null ? undefined : String(row.holder_instance);
    if (!isHolderGone({ pid, instance })) continue;
    const now = Date.now();
    // Matching the holder again: a message received anew meanwhile has a live holder and stays put.
    const result = await db.run({
      sql: `UPDATE queue_messages SET visible_at = ? WHERE holder_pid = ? AND holder_instance IS ? AND visible_at > ? RETURNING queue`,
      args: [now, pid, instance ?? null, now],
    });
    released += result.rows.length;
    for (const r of result.rows) queues.add(String(r.queue));
  }
  for (const queue of queues) signalWakeup(wakeupKey({ dbPath: db.path, queue }));
  return released;
}
