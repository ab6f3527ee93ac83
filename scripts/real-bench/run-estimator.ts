import type { DepthEstimator } from '../../packages/stereo-engine/src/depth-estimator.ts';
import { WARM_UP_FRAMES } from '../../packages/stereo-engine/src/depth/heuristic/heuristic-estimator.ts';
import type { DepthMap, Plane } from '../../packages/stereo-engine/src/frame.ts';

/**
 * Drives an estimator as the pipeline does for one segment: `warmUp` with the first frames (when it has one), then
 * `estimate` for every frame in order. `use` sees each depth map as it comes (the estimator may reuse its own
 * buffers, but `estimate` returns copies). Returns the mean time of `estimate` per frame.
 */
export async function runEstimator({ estimator, lumas, use }: { estimator: DepthEstimator; lumas: Plane[]; use: (args: { index: number; depth: DepthMap }) => void }): Promise<{ msPerFrame: number }> {
  if (estimator.warmUp) await estimator.warmUp({ lumas: lumas.slice(0, estimator.warmUpFrames ?? WARM_UP_FRAMES) });
  let ns = 0n;
  for (let index = 0; index < lumas.length; index++) {
    const start = process.hrtime.bigint();
    const depth = await estimator.estimate({ luma: lumas[index]!, index });
    ns += process.hrtime.bigint() - start;
    use({ index, depth });
  }
  await estimator.close();
  return { msPerFrame: lumas.length > 0 ? Number(ns) / 1e6 / lumas.length : 0 };
}
