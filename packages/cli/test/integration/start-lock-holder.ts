import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HOLD_LOCK_SCRIPT = fileURLToPath(new URL('./hold-sqlite-lock.ts', import.meta.url));

/**
 * Another process takes the embedded database's write lock and keeps it for `ms`. `locked` resolves once it has
 * the lock; `released` once it has let go and exited (it rejects if the holder failed).
 */
export function startLockHolder({ dbPath, ms }: { dbPath: string; ms: number }): { locked: Promise<void>; released: Promise<void> } {
  const holder = spawn(process.execPath, ['--import', 'tsx', HOLD_LOCK_SCRIPT, dbPath, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const locked = new Promise<void>((resolve) => holder.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()).includes('locked') && resolve()));
  // 'close', not 'exit': its output may still be in the pipe when it exits.
  const released = new Promise<void>((resolve, reject) =>
    holder.once('close', (code) => (code === 0 && out.includes('locked') ? resolve() : reject(new Error(`the lock holder failed (exit ${code}): ${out}`)))),
  );
  return { locked: Promise.race([locked, released]), released };
}
