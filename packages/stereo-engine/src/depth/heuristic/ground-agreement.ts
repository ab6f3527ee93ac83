import type { MotionField } from './block-match.js';
import type { FrameBuffers } from './estimator-buffers.js';
import type { FloatImage } from './float-image.js';
import type { MotionParallax } from './motion-parallax.js';
import { blockCentreIndex } from './upsample-blocks.js';
import { weightedCorrelation } from './weighted-correlation.js';

/**
 * Weighted correlation, over the fine blocks the ground model holds static, of the general parallax's depth with
 * the ground model's (`fused`): near 1 where a ground plane with things standing on it explains the scene.
 */
export function groundAgreement({ general, fine, coarse, moving, fused, frame }: { general: MotionParallax; fine: MotionField; coarse: MotionField; moving: Uint8Array; fused: FloatImage; frame: FrameBuffers }): number {
  const n = general.depth.length;
  const atBlocks = frame.agreement(2 * n);
  const values = atBlocks.subarray(0, n);
  const weights = atBlocks.subarray(n, 2 * n);
  const { width, height } = fused;
  for (let k = 0; k < n; k++) {
    const centre = blockCentreIndex({ field: fine, block: k, width, height });
    values[k] = fused.data[centre]!;
    const x = centre % width;
    const y = (centre - x) / width;
    const cc = Math.min(coarse.cols - 1, Math.max(0, Math.floor((x + 0.5 - coarse.originX) / coarse.blockSize)));
    const cr = Math.min(coarse.rows - 1, Math.max(0, Math.floor((y + 0.5 - coarse.originY) / coarse.blockSize)));
    weights[k] = moving[cr * coarse.cols + cc] ? 0 : general.confidence[k]!;
  }
  return weightedCorrelation({ a: general.depth, b: values, w: weights });
}
