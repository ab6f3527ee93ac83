/** Exponential back-off before a failed message is visible again: base, 2·base, 4·base… capped. */
export function retryDelaySec({ receiveCount, baseSec, maxSec }: { receiveCount: number; baseSec: number; maxSec: number }): number {
  return Math.min(maxSec, baseSec * 2 ** Math.max(0, receiveCount - 1));
}
