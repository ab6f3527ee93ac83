import { weightedMedian } from './weighted-median.js';

/** Camera translation seen on the ground: residual motion ≈ `scale` · prior · (dirX, dirY). */
export interface GroundMotion {
  /** Residual motion (working px per frame) of a point whose ground prior is 1 (the bottom row); ~0 for a still or only rotating camera. */
  scale: number;
  /** Unit direction of the parallax flow in the image (opposite to the camera's translation). */
  dirX: number;
  dirY: number;
}

/**
 * Fits the motion parallax of a translating camera to the ground prior: on a ground plane the residual motion
 * (after removing the background's) points one way and grows linearly from the horizon down, exactly like the
 * prior. `scale` is the weighted median of (residual · dir) / prior over blocks low in the frame
 * (prior ≥ `minPrior`): robust to the objects standing there, and near zero when the ground itself is still
 * even if some objects move — the signal that motion says nothing about depth in this shot.
 */
export function fitGroundMotion({ dx, dy, weights, prior, minPrior = 0.25 }: { dx: ArrayLike<number>; dy: ArrayLike<number>; weights: ArrayLike<number>; prior: ArrayLike<number>; minPrior?: number }): GroundMotion {
  const n = dx.length;
  // Direction: the weighted mean residual of the low blocks, each scaled to unit prior (far rows count alike).
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const p = prior[i]!;
    if (p < minPrior) continue;
    sx += (weights[i]! * dx[i]!) / p;
    sy += (weights[i]! * dy[i]!) / p;
  }
  const len = Math.hypot(sx, sy);
  if (!(len > 0)) return { scale: 0, dirX: 1, dirY: 0 };
  const dirX = sx / len;
  const dirY = sy / len;
  const ratios = new Float32Array(n);
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const p = prior[i]!;
    if (p < minPrior) continue;
    ratios[i] = (dx[i]! * dirX + dy[i]! * dirY) / p;
    w[i] = weights[i]!;
  }
  const scale = weightedMedian({ values: ratios, weights: w });
  return { scale: Number.isNaN(scale) ? 0 : Math.max(0, scale), dirX, dirY };
}
