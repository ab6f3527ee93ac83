import { readdir, readFile } from 'node:fs/promises';
import { DRAW_THREAD_NAME } from '../packages/stereo-engine/src/pipeline/name-thread.ts';
import { descendants } from './proc-stats.ts';

/**
 * Where a process tree's CPU goes, by thread (Linux /proc): the Node process's main thread, its drawing worker
 * threads (named `stereo-draw` by the engine's pool workers), its other threads (V8's garbage collector and
 * compiler, libuv), and the ffmpeg children by role.
 */
export const CPU_CLASSES = ['main', 'drawing', 'node-background', 'ffmpeg-decode', 'ffmpeg-encode', 'ffmpeg-other'] as const;
export type CpuClass = (typeof CPU_CLASSES)[number];

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The role of an ffmpeg child from its command line: the engine's decoder writes raw frames to its stdout, its encoder reads them from stdin. */
function ffmpegClass(cmdline: string): CpuClass {
  if (cmdline.includes('-i\0pipe:0')) return 'ffmpeg-encode';
  if (cmdline.includes('-f\0rawvideo') && cmdline.includes('pipe:1')) return 'ffmpeg-decode';
  return 'ffmpeg-other';
}

/**
 * Keeps the highest CPU time seen for every thread of a process tree; `sample()` reads /proc once. A thread's
 * time is read while it lives, so up to one sampling interval of a thread that ends is missed.
 */
export class ThreadCpuSampler {
  readonly #pid: number;
  readonly #seen = new Map<string, { cls: CpuClass; ticks: number }>();

  constructor(pid: number) {
    this.#pid = pid;
  }

  async sample(): Promise<void> {
    for (const pid of [this.#pid, ...(await descendants(this.#pid))]) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      const isFfmpeg = /(^|\/)ffmpeg\0/.test(cmdline);
      for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
        const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
        const close = stat.lastIndexOf(')');
        if (close < 0) continue;
        const comm = stat.slice(stat.indexOf('(') + 1, close);
        const fields = stat.slice(close + 2).split(' ');
        // Fields after the name: state is the 1st, utime the 12th, stime the 13th.
        const ticks = Number(fields[11]) + Number(fields[12]);
        const cls: CpuClass = isFfmpeg ? ffmpegClass(cmdline) : pid !== this.#pid ? 'ffmpeg-other' : tid === String(pid) ? 'main' : comm === DRAW_THREAD_NAME ? 'drawing' : 'node-background';
        const key = `${pid}/${tid}`;
        const before = this.#seen.get(key);
        if (!before || ticks > before.ticks) this.#seen.set(key, { cls, ticks });
      }
    }
  }

  /** CPU seconds per class so far. */
  seconds(): Record<CpuClass, number> {
    const total = Object.fromEntries(CPU_CLASSES.map((cls) => [cls, 0])) as Record<CpuClass, number>;
    for (const { cls, ticks } of this.#seen.values()) total[cls] += ticks / TICKS_PER_SECOND;
    return total;
  }
}
