import type { Plane } from '../../frame.js';
import { downscaleLuma, workingSize } from './downscale-luma.js';
import { runForwards, startNewShot, type EstimatorState } from './estimator-state.js';
import type { FloatImage } from './float-image.js';
import { groundParallax } from './ground-parallax.js';
import { guidedFilter } from './guided-filter.js';
import { measureCameraMotion } from './measure-camera-motion.js';
import { findMovingObjects } from './moving-objects.js';
import { placeMovers } from './place-movers.js';
import { normalizeDepth } from './robust-normalize.js';
import { isSceneCut } from './scene-cut.js';
import { singleFrameDepth } from './single-frame-depth.js';
import { upsampleBlocks } from './upsample-blocks.js';
import type { MotionMap } from './warp-by-motion.js';

/**
 * One frame through the estimator's stages, in order: working-size luma and scene cut → camera motion →
 * ground parallax and moving blocks → single-frame cue where the parallax is weak → fusion → movers placed on the
 * ground → edge-aware refinement → fixed-range normalisation → motion-compensated temporal smoothing. Returns
 * the smoothed map, which belongs to the state (copy it before the next frame).
 */
export function estimateFrame({ state, luma }: { state: EstimatorState; luma: Plane }): FloatImage {
  const o = state.options;
  const size = workingSize({ width: luma.width, height: luma.height, targetWidth: o.workWidth });
  const frame = state.buffers.frame({ ...size, horizon: o.horizon, lumaCount: o.frameGap + 1 });
  const current = downscaleLuma({ luma, ...size, out: frame.spareLuma(state.history) });
  const last = state.history[state.history.length - 1];
  if (last && isSceneCut({ previous: last, current })) startNewShot(state);

  const fused = frame.fused;
  const reference = state.history[0];
  let pixelMotion: MotionMap | undefined;
  if (reference) {
    const motion = measureCameraMotion({ state, reference, current, frame });
    pixelMotion = motion.pixelMotion;
    const { field } = motion;
    const parallax = groundParallax({ state, motion, prior: frame.prior });
    const wt = parallax.weight;
    const smoothed = state.residual!;
    const objects = findMovingObjects({ cols: field.cols, rows: field.rows, moving: parallax.moving, dx: smoothed.dx, dy: smoothed.dy, maxMotionDifference: 2 * o.moverThreshold });
    if (wt >= 1) upsampleBlocks({ values: parallax.depth, field, out: fused });
    else {
      const base = singleFrameDepth({ current, frame, segmentK: o.segmentK }).data;
      if (wt > 0) {
        const fromMotion = upsampleBlocks({ values: parallax.depth, field, out: frame.blockDepth }).data;
        for (let i = 0; i < fused.data.length; i++) fused.data[i] = (1 - wt) * base[i]! + wt * fromMotion[i]!;
      } else fused.data.set(base);
    }
    if (objects.length > 0) placeMovers({ objects, field, reference, current, frame, fused, global: motion.global, ground: parallax.ground, translation: state.translation, weight: wt, gap: motion.gap });
  } else fused.data.set(singleFrameDepth({ current, frame, segmentK: o.segmentK }).data);

  state.history.push(current);
  if (state.history.length > o.frameGap) state.history.shift();
  if (state.turnAround) runForwards(state, current);
  const refined = guidedFilter({ guide: current, input: fused, radius: o.guidedRadius, epsilon: o.guidedEpsilon, out: frame.refined, scratch: frame.guided });
  const normalized = normalizeDepth({ input: refined, low: o.depthLow, high: o.depthHigh, out: frame.normalized });
  // Trust in this frame's estimate grows with the motion seen so far in the shot (the first frame has none): a
  // weak vote, soon outweighed.
  const weight = 0.1 + 0.9 * (1 - (1 - o.motionAlpha) ** state.measurements);
  return state.temporal.push(normalized, { weight, motion: pixelMotion });
}
