import { randomUUID } from 'node:crypto';
import { isProcessAlive } from '@stereo-spot/shared-types';

/**
 * Marks what this process holds. The pid says whether the holder still runs; the instance id tells this process
 * from an earlier one that had the same pid (a restarted container is pid 1 again).
 */
export const PROCESS_INSTANCE = randomUUID();

/** Whether the process that recorded (pid, instance) as holder is gone. */
export function isHolderGone({ pid, instance }: { pid: number; instance: string | undefined }): boolean {
  if (pid === process.pid) return instance !== PROCESS_INSTANCE;
  return !isProcessAlive(pid);
}
