import { reuseFloatImage, type FloatImage } from './float-image.js';

const BINS = 1024;

/** Robust statistics of a map: its `low` and `high` percentiles (fractions, e.g. 0.02/0.98) and its median, from a histogram (O(n), no sort). */
export function robustRange({ input, lowFraction, highFraction }: { input: FloatImage; lowFraction: number; highFraction: number }): { low: number; median: number; high: number } {
  const d = input.data;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) return { low: min, median: min, high: max };
  const hist = new Uint32Array(BINS);
  const scale = (BINS - 1) / (max - min);
  for (let i = 0; i < d.length; i++) hist[((d[i]! - min) * scale) | 0]! += 1;
  const at = (fraction: number): number => {
    const target = Math.min(Math.max(fraction, 0), 1) * d.length;
    let acc = 0;
    for (let k = 0; k < BINS; k++) {
      acc += hist[k]!;
      if (acc >= target) return min + (k + 0.5) / scale;
    }
    return max;
  };
  return { low: at(lowFraction), median: at(0.5), high: at(highFraction) };
}

/**
 * Maps [low, high] linearly onto [0, 1], clamping outside: with low/high taken from robust percentiles, a few
 * outlier pixels neither compress the rest of the map nor take the disparity budget (min/max would, and would
 * jump from frame to frame).
 */
export function normalizeDepth({ input, low, high, out }: { input: FloatImage; low: number; high: number; out?: FloatImage }): FloatImage {
  const result = reuseFloatImage(out, input.width, input.height);
  const span = high - low;
  const src = input.data;
  const dst = result.data;
  if (!(span > 1e-9)) {
    dst.fill(0.5);
    return result;
  }
  for (let i = 0; i < src.length; i++) {
    const v = (src[i]! - low) / span;
    dst[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return result;
}
