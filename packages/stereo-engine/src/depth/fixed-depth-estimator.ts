import type { DepthEstimator } from '../depth-estimator.js';
import type { DepthMap } from '../frame.js';

/** Returns the same depth map for every frame: known depth for tests and for checking layouts by eye. */
export function createFixedDepthEstimator(depth: DepthMap): DepthEstimator {
  return {
    async estimate() {
      return { data: depth.data.slice(), width: depth.width, height: depth.height };
    },
    async close() {},
  };
}
