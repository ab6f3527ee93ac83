import { open, readFile, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from '@stereo-spot/shared-types';

export interface CacheLock {
  release(): Promise<void>;
}

/**
 * Takes the lock file `path` (created exclusively, holding this process's id), waiting while another fetch holds
 * it. A lock left by a process that is no longer running (killed mid-download) is taken over. `onWait` is called
 * once, when the lock is held by someone else. Same-machine only: a cache folder shared between machines is
 * protected by the atomic rename alone.
 */
export async function acquireCacheLock({ path, pollMs = 200, signal, onWait }: { path: string; pollMs?: number; signal?: AbortSignal; onWait?: (holderPid: number | undefined) => void }): Promise<CacheLock> {
  let waited = false;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && !isProcessAlive(holder)) {
      // Stale: re-read just before removing, so a lock someone else has just taken over is left alone.
      const again = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (again === holder) await unlink(path).catch(() => undefined);
      continue;
    }
    if (!waited) {
      waited = true;
      onWait?.(Number.isInteger(holder) ? holder : undefined);
    }
    await sleep(pollMs, undefined, { signal });
  }
}
