import { writeFileSync } from 'node:fs';

/** What the worker pool's threads are called in `top -H` and the benchmarks' CPU accounting. */
export const DRAW_THREAD_NAME = 'stereo-draw';

/**
 * Names the calling thread (Linux, at most 15 characters) so `top -H`, `ps -L` and the benchmarks' CPU
 * accounting (`scripts/thread-cpu.ts`) tell it from Node's own threads. Elsewhere, or when refused, nothing happens.
 */
export function nameThisThread(name: string): void {
  if (process.platform !== 'linux') return;
  try {
    writeFileSync('/proc/thread-self/comm', name.slice(0, 15));
  } catch {
    // A name is a convenience: a read-only /proc changes nothing else.
  }
}
