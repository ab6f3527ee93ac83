import { reuseFloatImage, type FloatImage } from './float-image.js';

const MAX_SAMPLES = 4096;

/**
 * Robust statistics of a map: its `low` and `high` percentiles (fractions, e.g. 0.02/0.98) and its median, from a
 * sorted, evenly strided subsample of at most 4,096 values (ranks within ±0.03 %; a sort of the whole map would
 * cost more than the rest of the normalisation). Outliers only count by their number, never by their size.
 */
export function robustRange({ input, lowFraction, highFraction }: { input: FloatImage; lowFraction: number; highFraction: number }): { low: number; median: number; high: number } {
  const d = input.data;
  if (d.length === 0) return { low: 0, median: 0, high: 0 };
  const step = Math.max(1, Math.ceil(d.length / MAX_SAMPLES));
  const sample = new Float32Array(Math.ceil(d.length / step));
  for (let i = 0, k = 0; i < d.length; i += step, k++) sample[k] = d[i]!;
  sample.sort();
  const at = (fraction: number) => sample[Math.min(sample.length - 1, Math.max(0, Math.round(Math.min(Math.max(fraction, 0), 1) * (sample.length - 1))))]!;
  return { low: at(lowFraction), median: at(0.5), high: at(highFraction) };
}

/**
 * Maps [low, high] linearly onto [0, 1], clamping outside: with low/high taken from robust percentiles, a few
 * outlier pixels neither compress the rest of the map nor take the disparity budget (min/max would, and would
 * jump from frame to frame). A degenerate range gives a flat 0.5.
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
