import { depthAsDisparity, rankScores, summarizeRanks, type RankScores, type RankSummary } from '@stereo-spot/test-kit/real-bench';
import type { DepthEstimator } from '../../packages/stereo-engine/src/depth-estimator.ts';
import type { Plane } from '../../packages/stereo-engine/src/frame.ts';
import { rampDepth } from './ramp-depth.ts';
import { resizeDepth } from './resize-depth.ts';
import { runEstimator } from './run-estimator.ts';
import type { TruthScene } from './truth-scene.ts';

export interface TruthSceneScores extends RankSummary {
  frames: number;
  /** The same scores for the "lower row = nearer" ramp on the same truth, frames and pixel draws. */
  ramp: RankSummary;
  msPerFrame: number;
}

/**
 * Rank agreement of the estimator's depth with the scene's truth, every `step`-th frame, as real_depth.py's `score`
 * but on the depth map itself: resized to the truth's size and read as the disparity the converter would give it.
 * Each frame's pixel draws are seeded by its index, so the ramp baseline is drawn on the very same pixels.
 */
export async function scoreTruthScene({ scene, lumas, estimator, step = 4 }: { scene: TruthScene; lumas: Plane[]; estimator: DepthEstimator; step?: number }): Promise<TruthSceneScores> {
  const { width, height } = scene;
  const frames: RankScores[] = [];
  const { msPerFrame } = await runEstimator({
    estimator,
    lumas,
    use: ({ index, depth }) => {
      if (index % step || index >= scene.truth.length) return;
      const estimate = depthAsDisparity({ depth: resizeDepth({ depth, width, height }), width });
      frames.push(rankScores({ estimate, truth: scene.truth[index]!, seed: index }));
    },
  });
  const ramp = depthAsDisparity({ depth: rampDepth({ width, height }), width });
  const rampFrames: RankScores[] = [];
  for (let index = 0; index < Math.min(lumas.length, scene.truth.length); index += step) rampFrames.push(rankScores({ estimate: ramp, truth: scene.truth[index]!, seed: index }));
  return { frames: lumas.length, ...summarizeRanks(frames), ramp: summarizeRanks(rampFrames), msPerFrame };
}
