import { readdir, readFile } from 'node:fs/promises';

/** A memory figure of a process in KiB from /proc/<pid>/status (0 once it has gone). */
export async function readProcKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Every descendant of a process (children, grandchildren, …), from /proc/<pid>/task/<tid>/children. */
export async function descendants(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const text = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of text.split(' ').filter(Boolean).map(Number)) found.push(child, ...(await descendants(child)));
  }
  return found;
}

/** How many file descriptors a process has open (0 once it has gone). */
export async function openFileCount(pid: number): Promise<number> {
  return (await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])).length;
}
