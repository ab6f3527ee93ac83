import type { MotionField } from './block-match.js';
import { weightedMedian } from './weighted-median.js';

export interface GlobalMotion {
  dx: number;
  dy: number;
}

/**
 * The image motion of the camera (pan/tilt, or translation seen on the far background): the weighted median
 * of the block motions, each block weighted by its match confidence × `weights` (optional, per block; the
 * estimator passes a "probably far" weight so the result is the background's motion, not the foreground's).
 * A median, not a mean, so independently moving objects do not drag it. {0, 0} when nothing is reliable.
 */
export function estimateGlobalMotion({ field, weights, minConfidence = 0.05 }: { field: MotionField; weights?: ArrayLike<number>; minConfidence?: number }): GlobalMotion {
  const n = field.dx.length;
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const conf = field.confidence[i]!;
    w[i] = conf >= minConfidence ? conf * (weights ? weights[i]! : 1) : 0;
  }
  const dx = weightedMedian({ values: field.dx, weights: w });
  const dy = weightedMedian({ values: field.dy, weights: w });
  return { dx: Number.isNaN(dx) ? 0 : dx, dy: Number.isNaN(dy) ? 0 : dy };
}

/**
 * Per-block motion left after removing `global`: what a rotation/pan cannot explain. Under camera translation
 * its magnitude grows with 1/Z (motion parallax); `dx`/`dy` are signed, `magnitude` is their length.
 */
export function residualMotion({ field, global }: { field: MotionField; global: GlobalMotion }): { dx: Float32Array; dy: Float32Array; magnitude: Float32Array } {
  const n = field.dx.length;
  const dx = new Float32Array(n);
  const dy = new Float32Array(n);
  const magnitude = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const rx = field.dx[i]! - global.dx;
    const ry = field.dy[i]! - global.dy;
    dx[i] = rx;
    dy[i] = ry;
    magnitude[i] = Math.hypot(rx, ry);
  }
  return { dx, dy, magnitude };
}
