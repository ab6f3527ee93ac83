import type { DepthEstimator } from '../../packages/stereo-engine/src/depth-estimator.ts';
import { createHeuristicEstimator } from '../../packages/stereo-engine/src/depth/heuristic/heuristic-estimator.ts';
import { rampDepth } from './ramp-depth.ts';

export type EstimatorKind = 'heuristic' | 'ramp';

/**
 * The estimator under test, fresh for each scene (as the pipeline starts one per segment). `ramp` is a self-check:
 * it returns the ramp at the frame's own size, the very map the ramp baseline scores, so the two must agree.
 */
export function pickEstimator(kind: EstimatorKind): DepthEstimator {
  if (kind === 'heuristic') return createHeuristicEstimator();
  return {
    async estimate({ luma }) {
      return { data: rampDepth(luma), width: luma.width, height: luma.height };
    },
    async close() {},
  };
}

export function estimatorKind(value: string | undefined): EstimatorKind {
  const kind = value ?? 'heuristic';
  if (kind !== 'heuristic' && kind !== 'ramp') throw new Error(`DEPTH must be heuristic or ramp, not ${kind}`);
  return kind;
}
