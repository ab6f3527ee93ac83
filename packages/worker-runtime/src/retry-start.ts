import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage, RetryableError, type Logger } from '@stereo-spot/shared-types';
import { retryDelaySec } from './retry-delay.js';
import type { WorkerHealth } from './worker-health.js';

/**
 * Runs a long-running process's start (open the backend, start the loops) until it succeeds. A retryable failure
 * (the database locked by another process, AWS throttling or a 5xx) waits 1 s, 2 s, 4 s… up to `maxDelayMs` and
 * tries again, as a supervisor would restart it; anything else (bad configuration, a missing queue, no permission)
 * fails at once with its reason. Resolves `undefined` when `signal` aborts first.
 *
 * While it waits, the health endpoints report a `start` loop that is live but not ready, so an orchestrator keeps
 * the process and sends it no traffic.
 */
export async function retryStart<T>({
  what,
  attempt,
  logger,
  signal,
  health,
  baseDelayMs = 1000,
  maxDelayMs = 30_000,
}: {
  /** What is being started, for the log ("workers", "web UI"). */
  what: string;
  attempt: () => Promise<T>;
  logger: Logger;
  signal: AbortSignal;
  health?: WorkerHealth;
  baseDelayMs?: number;
  maxDelayMs?: number;
}): Promise<T | undefined> {
  const probe = health?.register({ name: 'start', beatEveryMs: maxDelayMs });
  try {
    for (let attempts = 1; !signal.aborted; attempts++) {
      probe?.beat();
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        probe?.receiveFailed();
        const delayMs = 1000 * retryDelaySec({ receiveCount: attempts, baseSec: baseDelayMs / 1000, maxSec: maxDelayMs / 1000 });
        logger.warn({ err: errorMessage(error), attempts, retry_in_ms: delayMs }, `could not start the ${what} yet; trying again`);
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
      }
    }
    return undefined;
  } finally {
    probe?.close();
  }
}
