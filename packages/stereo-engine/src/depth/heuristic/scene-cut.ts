import type { FloatImage } from './float-image.js';

const BINS = 32;

/** How different two frames are: histogram distance (0..1, half the L1 distance of the normalised luma histograms) and mean absolute luma difference (0..255). */
export function frameChange({ previous, current }: { previous: FloatImage; current: FloatImage }): { histogram: number; difference: number } {
  const a = previous.data;
  const b = current.data;
  const n = Math.min(a.length, b.length);
  if (n === 0) return { histogram: 0, difference: 0 };
  const ha = histogramA.fill(0);
  const hb = histogramB.fill(0);
  let diff = 0;
  for (let i = 0; i < n; i++) {
    const va = a[i]!;
    const vb = b[i]!;
    // Luma is 0..255: the bin is ⌊v / 8⌋, in integers (clamped for safety).
    let ba = (va | 0) >> 3;
    let bb = (vb | 0) >> 3;
    ba = ba < 0 ? 0 : ba >= BINS ? BINS - 1 : ba;
    bb = bb < 0 ? 0 : bb >= BINS ? BINS - 1 : bb;
    ha[ba]!++;
    hb[bb]!++;
    diff += va > vb ? va - vb : vb - va;
  }
  let l1 = 0;
  for (let k = 0; k < BINS; k++) l1 += Math.abs(ha[k]! - hb[k]!);
  return { histogram: l1 / (2 * n), difference: diff / n };
}

const histogramA = new Int32Array(BINS);
const histogramB = new Int32Array(BINS);

/**
 * Scene cut between two frames of (presumably) one shot: the luma histogram changed a lot; or it changed somewhat
 * *and* the pixels changed a lot; or — for two shots with the same palette — even motion cannot explain the new
 * frame (`motionError`: the mean absolute luma error left after block matching, when the caller has it). A pan
 * changes pixels but neither the histogram nor the motion-compensated error; a fade shifts the histogram slowly.
 * Thresholds: `histogram` in 0..1, `difference` and `error` in luma levels.
 */
export function isSceneCut({ previous, current, motionError, histogram = 0.4, difference = 40, error = 20 }: {
  previous: FloatImage;
  current: FloatImage;
  motionError?: number;
  histogram?: number;
  difference?: number;
  error?: number;
}): boolean {
  if (previous.width !== current.width || previous.height !== current.height) return true;
  if (motionError !== undefined && motionError > error) return true;
  const change = frameChange({ previous, current });
  return change.histogram > histogram || (change.histogram > histogram / 3 && change.difference > difference);
}
