/** What the embedded worker sets and the queue loops offer: `stop` again with a shorter grace cuts it short. */
export interface StoppableWorkers {
  stop(args?: { graceMs?: number }): Promise<void>;
}

/**
 * Stops workers gracefully: no new messages, those in hand get `graceMs` to finish, then are aborted and released.
 * If `now` aborts first (a second Ctrl-C), they are aborted at once (their ffmpeg children SIGKILLed) and released.
 */
export async function stopWorkers({ workers, graceMs, now }: { workers: StoppableWorkers; graceMs: number; now?: AbortSignal }): Promise<void> {
  if (now?.aborted) return workers.stop({ graceMs: 0 });
  // Its failure, if any, is the graceful stop's too, which is awaited and reported below.
  const stopNow = (): void => void workers.stop({ graceMs: 0 }).catch(() => undefined);
  now?.addEventListener('abort', stopNow, { once: true });
  try {
    await workers.stop({ graceMs });
  } finally {
    now?.removeEventListener('abort', stopNow);
  }
}
