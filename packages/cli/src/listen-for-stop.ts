import type { EventEmitter } from 'node:events';

export interface StopRequests {
  /** Aborted by the first SIGINT or SIGTERM: take no new work, let the work in hand finish within the grace period. */
  readonly graceful: AbortSignal;
  /** Aborted by the second: stop the work in hand now (ffmpeg killed, messages released for another worker). */
  readonly now: AbortSignal;
  /** Stops listening (the signals then have their default effect again). */
  dispose(): void;
}

/**
 * What SIGINT (Ctrl-C) and SIGTERM mean to the long-running commands: the first asks for a graceful stop, the
 * second for a stop now, a third (or a stop now that hangs for `forceAfterMs`) exits at once with `forceExit`
 * — ffmpeg children are SIGKILLed by their exit hook even then. Signals within `samePressMs` of the last one
 * counted are the same press: `npm start` and `npx` pass the terminal's SIGINT on to a process that got it from
 * the terminal already, so one Ctrl-C arrives twice.
 */
export function listenForStop({
  source = process,
  samePressMs = 500,
  forceAfterMs = 10_000,
  forceExit = () => process.exit(130),
}: {
  source?: EventEmitter;
  samePressMs?: number;
  forceAfterMs?: number;
  forceExit?: () => void;
} = {}): StopRequests {
  const graceful = new AbortController();
  const now = new AbortController();
  let presses = 0;
  let lastPressAt = -Infinity;
  const onSignal = (): void => {
    const at = performance.now();
    if (at - lastPressAt < samePressMs) return;
    lastPressAt = at;
    presses++;
    if (presses === 1) graceful.abort();
    else if (presses === 2) {
      now.abort();
      // The stop now waits only for ffmpeg to die and messages to be released; if that hangs, do not wait for it.
      setTimeout(forceExit, forceAfterMs).unref();
    } else forceExit();
  };
  source.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return {
    graceful: graceful.signal,
    now: now.signal,
    dispose() {
      source.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    },
  };
}
