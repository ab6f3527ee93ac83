import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Marks what this process holds. The pid says whether the holder still runs; the instance id tells this process
 * from an earlier one that had the same pid (a restarted container is pid 1 again).
 */
export const PROCESS_INSTANCE = randomUUID();

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process its parent has not reaped yet still answers the signal; it is dead all the same.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/** Whether the process that recorded (pid, instance) as holder is gone. */
export function isHolderGone({ pid, instance }: { pid: number; instance: string | undefined }): boolean {
  if (pid === process.pid) return instance !== PROCESS_INSTANCE;
  return !isProcessAlive(pid);
}
