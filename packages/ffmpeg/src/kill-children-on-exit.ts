import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
let hooked = false;

function killRunning(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * SIGKILLs `child` if it is still running when this process exits (process.exit, the end of the event loop, an
 * uncaught exception). Needed for children spawned in their own process group: nothing else takes them down with
 * their parent. A SIGKILL of this process runs no hook: its children then end on their own (a closed pipe, or their
 * work done).
 */
export function killOnExit(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (!hooked) {
    // Synchronous: the only kind of work an 'exit' listener may do.
    process.on('exit', killRunning);
    hooked = true;
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** The pids of the children `killOnExit` still watches: for tests and diagnostics. */
export function childPidsKilledOnExit(): number[] {
  return [...running].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
}
