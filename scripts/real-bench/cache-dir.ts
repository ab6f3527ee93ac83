import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the downloaded pictures (`data/`) and the encoded scenes (`scenes/NAME/`) live: the same folder and layout
 * as ../shared/real-bench/run.sh uses, so either tool reuses the other's download.
 */
export function realBenchCacheDir(): string {
  return process.env.REAL_BENCH_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'stereo-spot-real-bench');
}
