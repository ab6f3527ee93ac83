/** One consumer loop as the health endpoints see it. */
export interface LoopProbe {
  /** The loop is making progress: a receive started or ended, or a heartbeat of the message in hand fired. */
  beat(): void;
  /** A receive call answered (the backend is reachable). */
  receiveSucceeded(): void;
  /** A receive call failed. */
  receiveFailed(): void;
  /** The loop ended: it no longer counts. */
  close(): void;
}

interface LoopState {
  name: string;
  staleAfterMs: number;
  lastBeat: number;
  lastReceiveOk: boolean | undefined;
}

export interface HealthReport {
  ok: boolean;
  loops: Array<{ name: string; last_beat_ms_ago: number; ok: boolean }>;
}

/**
 * Liveness and readiness of a process's consumer loops. Live: every loop beat recently (a loop stuck in a
 * receive that never returns, or an event loop blocked, stops beating). Ready: every loop's last receive
 * answered. Both fail while no loop runs.
 */
export class WorkerHealth {
  readonly #loops = new Set<LoopState>();
  readonly #now: () => number;
  readonly #slackMs: number;

  /** `slackMs` is added to each loop's own expected beat interval (twice over) before it counts as stuck. */
  constructor({ now = Date.now, slackMs = 30_000 }: { now?: () => number; slackMs?: number } = {}) {
    this.#now = now;
    this.#slackMs = slackMs;
  }

  /** A loop that beats at least every `beatEveryMs` while healthy. */
  register({ name, beatEveryMs }: { name: string; beatEveryMs: number }): LoopProbe {
    const state: LoopState = { name, staleAfterMs: 2 * beatEveryMs + this.#slackMs, lastBeat: this.#now(), lastReceiveOk: undefined };
    this.#loops.add(state);
    return {
      beat: () => void (state.lastBeat = this.#now()),
      receiveSucceeded: () => {
        state.lastBeat = this.#now();
        state.lastReceiveOk = true;
      },
      receiveFailed: () => {
        state.lastBeat = this.#now();
        state.lastReceiveOk = false;
      },
      close: () => void this.#loops.delete(state),
    };
  }

  liveness(): HealthReport {
    return this.#report((state, agoMs) => agoMs <= state.staleAfterMs);
  }

  readiness(): HealthReport {
    return this.#report((state) => state.lastReceiveOk === true);
  }

  #report(healthy: (state: LoopState, agoMs: number) => boolean): HealthReport {
    const now = this.#now();
    const loops = [...this.#loops].map((state) => {
      const agoMs = Math.max(0, now - state.lastBeat);
      return { name: state.name, last_beat_ms_ago: agoMs, ok: healthy(state, agoMs) };
    });
    return { ok: loops.length > 0 && loops.every((loop) => loop.ok), loops };
  }
}

let health: WorkerHealth | undefined;

/** The health of this process's loops, which `stereo-spot worker`'s /healthz and /readyz report. */
export function processWorkerHealth(): WorkerHealth {
  health ??= new WorkerHealth();
  return health;
}
