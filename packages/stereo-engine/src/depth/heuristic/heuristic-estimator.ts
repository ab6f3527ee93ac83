import type { DepthEstimator } from '../../depth-estimator.js';
import type { DepthMap, Plane } from '../../frame.js';
import { estimateFrame } from './estimate-frame.js';
import { createEstimatorState } from './estimator-state.js';
import { DEFAULT_HEURISTIC_OPTIONS, WARM_UP_FRAMES, type HeuristicOptions } from './heuristic-options.js';

export { DEFAULT_HEURISTIC_OPTIONS, WARM_UP_FRAMES, type HeuristicOptions } from './heuristic-options.js';

export interface HeuristicEstimator extends DepthEstimator {
  /**
   * Optional, before the first `estimate` of a segment: the segment's first frames (frame 0 first; up to
   * `WARM_UP_FRAMES` used, copies not needed — they are only read during the call). The estimator runs over them
   * backwards (last to frame 1), so that when `estimate` gets frame 0 it already has the motion history, camera
   * translation and depth a frame deep inside the segment would have: without it frame 0 has single-frame cues only
   * and the depth at every segment start jumps. Then call `estimate` for frames 0, 1, 2, … as usual. Does nothing
   * after the first `estimate`, when called twice, or with fewer than two frames.
   */
  warmUp(args: { lumas: Plane[] }): Promise<void>;
}

/** The weight-free depth estimator: classical cues over an explicit state (stages in `estimate-frame.ts`). */
export function createHeuristicEstimator(options: Partial<HeuristicOptions> = {}): HeuristicEstimator {
  const state = createEstimatorState({ ...DEFAULT_HEURISTIC_OPTIONS, ...options });

  const estimate = async ({ luma }: { luma: Plane }): Promise<DepthMap> => {
    state.estimated = true;
    const smooth = estimateFrame({ state, luma, index: state.nextIndex++ });
    // A copy: the caller may keep or transfer it, and the state is updated in place on the next frame.
    return { data: smooth.data.slice(), width: smooth.width, height: smooth.height };
  };

  const warmUp = async ({ lumas }: { lumas: Plane[] }): Promise<void> => {
    const count = Math.min(lumas.length, WARM_UP_FRAMES);
    // Only before the first frame (the state then belongs to frames already returned), and only with motion to see.
    if (state.estimated || state.turnAround || count < 2) return;
    state.warming = true;
    for (let k = count - 1; k >= 1; k--) estimateFrame({ state, luma: lumas[k]!, index: k });
    state.warming = false;
    state.turnAround = true;
  };

  return { estimate, warmUp, async close() {} };
}
