import { readFileSync } from 'node:fs';

let schedstatReadable = process.platform === 'linux';

/**
 * CPU time of the calling thread in milliseconds, from Linux's /proc/thread-self/schedstat (nanoseconds on a
 * CPU): what a stage of the pipeline costs, without the time other threads and processes held the cores.
 * Elsewhere (or when /proc cannot be read) the wall clock stands in for it.
 */
export function threadCpuMs(): number {
  if (schedstatReadable) {
    try {
      return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ', 1)[0]) / 1e6;
    } catch {
      schedstatReadable = false;
    }
  }
  return performance.now();
}
