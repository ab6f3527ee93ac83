import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';

const HOLDER = fileURLToPath(new URL('./hold-ffmpeg.ts', import.meta.url));

/** State and process group of a pid from /proc, or undefined once it is gone (a zombie counts as gone). */
async function procStat(pid: number): Promise<{ state: string; pgrp: number } | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  // "pid (comm) state ppid pgrp …": comm may hold spaces, so split after its closing parenthesis.
  const [state, , pgrp] = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return state === 'Z' ? undefined : { state: state ?? '', pgrp: Number(pgrp) };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `${what} did not happen in time`);
    await sleep(20);
  }
}

test('ffmpeg runs in its own process group: a Ctrl-C to the parent group misses it, and it dies when the parent exits', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  // The parent leads its own group, like a shell's foreground job; the terminal's Ctrl-C is a SIGINT to that group.
  const parent = spawn(process.execPath, ['--import', 'tsx', HOLDER], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  parent.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => parent.on('close', (code) => resolve(code)));
  try {
    await until(() => /ffmpeg pid \d+/.test(stdout), 'ffmpeg start');
    const pid = Number(/ffmpeg pid (\d+)/.exec(stdout)?.[1]);
    assert.equal((await procStat(pid))?.pgrp, pid, 'ffmpeg leads a process group of its own');

    process.kill(-(parent.pid ?? 0), 'SIGINT');
    await until(() => stdout.includes('parent got SIGINT'), 'SIGINT delivery');
    await sleep(500);
    assert.ok(await procStat(pid), 'ffmpeg still runs after the SIGINT to its parent group');
    assert.doesNotMatch(stdout, /ffmpeg (ended|failed)/);

    // The parent exits with ffmpeg running: its exit hook must take the detached child down with it.
    parent.kill('SIGTERM');
    assert.equal(await exited, 0);
    const started = Date.now();
    await until(async () => !(await procStat(pid)), 'ffmpeg exit after its parent exited', 5000);
    assert.ok(Date.now() - started < 5000);
  } finally {
    if (parent.exitCode === null) parent.kill('SIGKILL');
  }
});
