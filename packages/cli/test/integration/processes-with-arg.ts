import { readdir, readFile } from 'node:fs/promises';

export interface RunningProcess {
  pid: number;
  args: string[];
}

/**
 * The live processes (zombies excluded) with an argument containing `fragment`, read from /proc: how a test finds
 * the ffmpeg children working on a segment (their arguments name its work directory) without a hook in the code.
 */
export async function processesWithArg(fragment: string): Promise<RunningProcess[]> {
  const found: RunningProcess[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const [cmdline, stat] = await Promise.all([readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => ''), readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')]);
    const args = cmdline.split('\0').filter(Boolean);
    // "pid (comm) state …": a zombie has exited and only waits to be reaped.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state && state !== 'Z' && args.some((arg) => arg.includes(fragment))) found.push({ pid: Number(entry), args });
  }
  return found;
}
