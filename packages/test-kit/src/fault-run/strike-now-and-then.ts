import { setTimeout as sleep } from 'node:timers/promises';

/** Runs `strike` up to `times` times, 1–5 s apart, stopping early when `signal` aborts; resolves with the count. */
export async function strikeNowAndThen({ times, signal, random, strike }: { times: number; signal: AbortSignal; random: () => number; strike: () => Promise<void> }): Promise<number> {
  let struck = 0;
  for (; struck < times && !signal.aborted; struck++) {
    await sleep(1000 + random() * 4000, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) break;
    await strike();
  }
  return struck;
}
