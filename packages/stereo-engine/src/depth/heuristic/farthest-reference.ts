import type { FloatImage } from './float-image.js';

/** The fine frame farthest from `index` within `maxGap` (the longest baseline); a past one on a tie. */
export function farthestReference({ history, index, maxGap }: { history: { image: FloatImage; index: number }[]; index: number; maxGap: number }): { image: FloatImage; index: number } | undefined {
  let best: { image: FloatImage; index: number } | undefined;
  let bestScore = 0;
  for (const entry of history) {
    const gap = index - entry.index;
    if (gap === 0 || Math.abs(gap) > maxGap) continue;
    const score = 2 * Math.abs(gap) + (gap > 0 ? 1 : 0);
    if (score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
}
