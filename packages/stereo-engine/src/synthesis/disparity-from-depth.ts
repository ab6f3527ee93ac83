import type { StereoParams } from '../stereo-params.js';
import { reuseFloatMap, type FloatMap } from './float-map.js';

/**
 * Disparity in **output pixels** (of a frame `frameWidth` wide) for each depth-map pixel:
 * `d = divergence/100 · frameWidth · (depth − convergence)`, the part nearer than the convergence plane
 * multiplied by `foregroundScale`. d > 0 (nearer than the screen) is crossed disparity: the left view shows the
 * pixel d further right than the right view (x_L − x_R = d). With convergence in [0, 1] and foregroundScale 1 the
 * spread between nearest (1) and farthest (0) is exactly divergence % of the width.
 *
 * The result stays at the depth map's resolution (cheap); it is resampled per plane afterwards. `out` is reused
 * when it has the right size.
 */
export function disparityFromDepth({
  depth,
  frameWidth,
  params,
  out,
}: {
  depth: FloatMap;
  frameWidth: number;
  params: Pick<StereoParams, 'divergence' | 'convergence' | 'foregroundScale'>;
  out?: FloatMap;
}): FloatMap {
  const result = reuseFloatMap(out, depth.width, depth.height);
  const gain = (params.divergence / 100) * frameWidth;
  const nearGain = gain * params.foregroundScale;
  const { convergence } = params;
  const src = depth.data;
  const dst = result.data;
  for (let i = 0; i < dst.length; i++) {
    const offset = src[i]! - convergence;
    dst[i] = offset > 0 ? offset * nearGain : offset * gain;
  }
  return result;
}
