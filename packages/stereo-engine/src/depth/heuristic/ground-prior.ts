import { reuseFloatImage, type FloatImage } from './float-image.js';

/**
 * Depth from image row alone, for a camera looking over a ground plane: a ground row y below the horizon yh is
 * at distance ∝ 1/(y − yh), so its disparity (our depth, 1 = nearest) grows *linearly* from 0 at the horizon to
 * 1 at the bottom row; everything above the horizon gets 0 (far). `horizon` is a fraction of the height.
 */
export function groundPrior({ width, height, horizon, out }: { width: number; height: number; horizon: number; out?: FloatImage }): FloatImage {
  const result = reuseFloatImage(out, width, height);
  const yh = Math.min(Math.max(horizon, 0), 0.95) * height;
  const span = Math.max(1e-6, height - yh);
  for (let y = 0; y < height; y++) {
    const v = Math.min(1, Math.max(0, (y + 0.5 - yh) / span));
    result.data.fill(v, y * width, (y + 1) * width);
  }
  return result;
}
