import { EventEmitter } from 'node:events';

/**
 * In-process signal that a queue may have something to receive, so a long poll in the same process wakes at
 * once on a send instead of at its next database poll. Keyed by database file and queue, shared by every
 * backend the process opens on that file. `version` counts signals, so a receiver can tell it missed one
 * between its last look and starting to wait.
 */
const emitter = new EventEmitter();
emitter.setMaxListeners(0);
const versions = new Map<string, number>();

export function wakeupKey({ dbPath, queue }: { dbPath: string; queue: string }): string {
  return `${dbPath}\0${queue}`;
}

export function signalWakeup(key: string): void {
  versions.set(key, (versions.get(key) ?? 0) + 1);
  emitter.emit(key);
}

export function wakeupVersion(key: string): number {
  return versions.get(key) ?? 0;
}

/** Resolves after `ms`, on a signal for `key`, or when any of `signals` aborts, whichever comes first. */
export function waitForWakeup({ key, ms, signals }: { key: string; ms: number; signals: readonly (AbortSignal | undefined)[] }): Promise<void> {
  return new Promise((resolve) => {
    const active = signals.filter((s): s is AbortSignal => s !== undefined);
    if (active.some((s) => s.aborted)) return resolve();
    const done = () => {
      clearTimeout(timer);
      emitter.off(key, done);
      for (const s of active) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    emitter.on(key, done);
    for (const s of active) s.addEventListener('abort', done, { once: true });
  });
}
