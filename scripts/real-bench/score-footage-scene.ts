import { depthAsDisparity, footageScores, type FootageScores } from '@stereo-spot/test-kit/real-bench';
import type { DepthEstimator } from '../../packages/stereo-engine/src/depth-estimator.ts';
import type { Plane } from '../../packages/stereo-engine/src/frame.ts';
import { resizeDepth } from './resize-depth.ts';
import { runEstimator } from './run-estimator.ts';

export interface FootageSceneScores extends FootageScores {
  msPerFrame: number;
}

/**
 * Footage without truth (still camera), as real_depth.py's `footage`: the estimator runs over the first `frames`
 * frames; every `step`-th (frames 2, 4, … counted from 1, as there) its depth, resized to the source's size and read
 * as disparity, is scored against the source's gray for steadiness and movers in front.
 */
export async function scoreFootageScene({ lumas, sources, estimator, frames = 120, step = 2 }: { lumas: Plane[]; sources: Plane[]; estimator: DepthEstimator; frames?: number; step?: number }): Promise<FootageSceneScores> {
  const clip = lumas.slice(0, frames);
  const { width, height } = clip[0]!;
  const disparity: Float32Array[] = [];
  const gray: Uint8Array[] = [];
  const { msPerFrame } = await runEstimator({
    estimator,
    lumas: clip,
    use: ({ index, depth }) => {
      if ((index + 1) % step || !sources[index]) return;
      disparity.push(depthAsDisparity({ depth: resizeDepth({ depth, width, height }), width }));
      gray.push(sources[index]!.data);
    },
  });
  return { ...footageScores({ disparity, sources: gray, width, height }), msPerFrame };
}
