import { mulberry32 } from './mulberry32.js';
import { nanPercentiles } from './nan-percentiles.js';
import { spearman } from './spearman.js';

/** Disparities (px) closer than this are a tie: an output cannot be said to order them. */
export const TIE_PX = 0.25;
const PAIRS = 200_000;
const SPEARMAN_PIXELS = 60_000;
const MIN_VALID = 1000;

export interface RankScores {
  /** Rank correlation over up to 60,000 random valid pixels; null when too few are valid or one side is constant. */
  spearman: number | null;
  /** Share of random pixel pairs, with clearly different truth, that the estimate orders the same way (tie = ½). */
  ordinal: number | null;
  /** Share of pixels where both the estimate and the truth are known. */
  valid: number;
}

/**
 * How well an estimated disparity (px, NaN = unknown) ranks the pixels as the true one does (NaN = unknown): only
 * the order counts, so the estimate's scale and offset do not. Pairs are drawn when their truth differs by more than
 * 10 % of the truth's 2–98 % span. The same seed draws the same pixels.
 */
export function rankScores({ estimate, truth, seed }: { estimate: ArrayLike<number>; truth: ArrayLike<number>; seed: number }): RankScores {
  const n = truth.length;
  const e: number[] = [];
  const g: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(estimate[i]!) && Number.isFinite(truth[i]!)) {
      e.push(estimate[i]!);
      g.push(truth[i]!);
    }
  }
  const valid = n > 0 ? e.length / n : 0;
  if (e.length < MIN_VALID) return { spearman: null, ordinal: null, valid };
  const random = mulberry32(seed);
  const pick = (size: number) => Math.min(size - 1, Math.floor(random() * size));

  // A sample without replacement (partial Fisher–Yates).
  const take = Math.min(e.length, SPEARMAN_PIXELS);
  const idx = new Uint32Array(e.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  for (let k = 0; k < take; k++) {
    const j = k + pick(idx.length - k);
    const t = idx[k]!;
    idx[k] = idx[j]!;
    idx[j] = t;
  }
  const se = new Float64Array(take);
  const sg = new Float64Array(take);
  for (let k = 0; k < take; k++) {
    se[k] = e[idx[k]!]!;
    sg[k] = g[idx[k]!]!;
  }
  const rho = spearman({ a: se, b: sg });

  const [p2, p98] = nanPercentiles({ values: g, percents: [2, 98] }) as [number, number];
  const apart = 0.1 * (p98 - p2);
  let agree = 0;
  let counted = 0;
  for (let k = 0; k < PAIRS; k++) {
    const i = pick(e.length);
    const j = pick(e.length);
    const dg = g[i]! - g[j]!;
    if (!(Math.abs(dg) > apart)) continue;
    const de = e[i]! - e[j]!;
    counted++;
    if (Math.abs(de) < TIE_PX) agree += 0.5;
    else if (Math.sign(de) === Math.sign(dg)) agree += 1;
  }
  return { spearman: Number.isFinite(rho) ? rho : null, ordinal: counted > 0 ? agree / counted : null, valid };
}
