import type { Plane } from '../../frame.js';
import { fuseDefocus } from './defocus-depth.js';
import { downscaleLuma, workingSize } from './downscale-luma.js';
import { runForwards, startNewShot, type EstimatorState } from './estimator-state.js';
import type { FloatImage } from './float-image.js';
import { groundParallax } from './ground-parallax.js';
import { guidedFilter } from './guided-filter.js';
import { halveImage } from './halve-image.js';
import { measureCameraMotion } from './measure-camera-motion.js';
import { measureFineMotion } from './measure-fine-motion.js';
import { motionParallax, type MotionParallax } from './motion-parallax.js';
import { fuseParallax } from './fuse-parallax.js';
import { groundAgreement } from './ground-agreement.js';
import { acrossOnCoarseGrid } from './across-on-coarse-grid.js';
import { farthestReference } from './farthest-reference.js';
import { tiltTowardsRows } from './tilt-towards-rows.js';
import { findMovingObjects } from './moving-objects.js';
import { placeMovers } from './place-movers.js';
import { normalizeDepth } from './robust-normalize.js';
import { isSceneCut } from './scene-cut.js';
import { singleFrameDepth } from './single-frame-depth.js';
import { detectStillMovers } from './still-camera-movers.js';
import { placeStillMovers } from './place-still-movers.js';
import { upsampleBlocks } from './upsample-blocks.js';
import type { MotionMap } from './warp-by-motion.js';

/** Camera motion (working px per frame) below which the camera counts as still: its background can be learnt. */
const STILL_CAMERA_MOTION = 0.05;

/**
 * Share of a frame's agreement taken into the shot's choice between the ground model and the general parallax:
 * slow, since a choice that swings with the movers (stereo-bench mixed, seed 4) is flicker.
 */
const MODEL_CHOICE_ALPHA = 0.15;
/** General parallax weight from which it decides what moves (its own across-motion flags replace the ground's). */
const PARALLAX_RULES = 0.75;

/** Frames between two looks for parallax while a shot has shown none. */
const PARALLAX_WATCH_EVERY = 3;

/**
 * Share of "lower row = nearer" mixed into a frame no depth cue speaks for (less as the cues get their say): it
 * orders what the ground prior leaves level. 0.3: aloe-still 0.740 → 0.759 in bench:real, stereo-bench static
 * 0.993 → 0.981 (seed 1); more costs the static scenes more.
 */
const ROW_TILT = 0.3;

/** Correlation of the parallax with the ground model's depth above which the ground model is kept (fully at HIGH). */
const GROUND_AGREEMENT_LOW = 0.72;
const GROUND_AGREEMENT_HIGH = 0.8;

/**
 * One frame through the estimator's stages, in order: working-size luma and scene cut → camera motion →
 * ground parallax and moving blocks → single-frame cue where the parallax is weak → fusion → movers placed on the
 * ground → edge-aware refinement → fixed-range normalisation → motion-compensated temporal smoothing. Returns
 * the smoothed map, which belongs to the state (copy it before the next frame).
 */
export function estimateFrame({ state, luma, index }: { state: EstimatorState; luma: Plane; index: number }): FloatImage {
  const o = state.options;
  const size = workingSize({ width: luma.width, height: luma.height, targetWidth: o.workWidth });
  const frame = state.buffers.frame({ ...size, horizon: o.horizon, lumaCount: o.frameGap + 1 });
  const fineSize = workingSize({ width: luma.width, height: luma.height, targetWidth: o.workWidth * o.fineScale });
  const fine = downscaleLuma({ luma, ...fineSize, out: state.buffers.fine({ ...fineSize, lumaCount: o.parallaxGap + 2 }).spareLuma(state.fineHistory.map((entry) => entry.image)) });
  const spare = frame.spareLuma(state.history);
  // One pass over the full-size frame: the working level is the fine one halved, where the sizes allow.
  const current = fine.width === 2 * size.width && fine.height === 2 * size.height ? halveImage({ image: fine, out: spare }) : downscaleLuma({ luma, ...size, out: spare });
  const last = state.history[state.history.length - 1];
  if (last && isSceneCut({ previous: last, current })) startNewShot(state);

  const fused = frame.fused;
  const reference = state.history[0];
  let pixelMotion: MotionMap | undefined;
  // The strongest depth cue's say in this frame (0: only single-frame priors).
  let cueWeight: number;
  if (reference) {
    const motion = measureCameraMotion({ state, reference, current, frame });
    pixelMotion = motion.pixelMotion;
    const { field } = motion;
    const parallax = groundParallax({ state, motion, prior: frame.prior });
    const wt = parallax.weight;
    const smoothed = state.residual!;
    const fineReference = farthestReference({ history: state.fineHistory, index, maxGap: o.parallaxGap });
    const direction = state.warming || state.turnAround ? -1 : 1;
    // While a shot shows no parallax, the fine level is only watched for it every few frames (its match is the
    // estimator's largest cost).
    const watchOnly = state.parallax.measured && state.parallax.weight === 0 && !state.warming && !state.turnAround && index % PARALLAX_WATCH_EVERY !== 0;
    const parallaxField = fineReference && motion.pixelMotion && !watchOnly
      ? measureFineMotion({ reference: fineReference.image, current: fine, gap: index - fineReference.index, direction, coarseMotion: motion.pixelMotion, coarseWidth: current.width, coarseHeight: current.height, blockSize: o.blockSize })
      : field;
    const general: MotionParallax = watchOnly
      ? { depth: new Float32Array(0), confidence: new Float32Array(0), across: new Uint8Array(0), weight: 0 }
      : motionParallax({ state, field: parallaxField, gap: parallaxField === field ? motion.gap : Math.abs(index - fineReference!.index), prior: frame.prior });
    if (wt >= 1) upsampleBlocks({ values: parallax.depth, field, out: fused });
    else {
      const base = singleFrameDepth({ current, frame, segmentK: o.segmentK, memory: state.singleFrame }).data;
      if (wt > 0) {
        const fromMotion = upsampleBlocks({ values: parallax.depth, field, out: frame.blockDepth }).data;
        for (let i = 0; i < fused.data.length; i++) fused.data[i] = (1 - wt) * base[i]! + wt * fromMotion[i]!;
      } else fused.data.set(base);
    }
    if (general.weight > 0) {
      // Where the ground plane already explains the parallax of the static things (its depth ranks them as the
      // parallax does), the ground's model stays: it also knows the movers standing on it.
      const agreement = groundAgreement({ general, fine: parallaxField, coarse: field, moving: parallax.moving, fused, frame });
      const keepGround = Math.min(1, Math.max(0, (agreement - GROUND_AGREEMENT_LOW) / (GROUND_AGREEMENT_HIGH - GROUND_AGREEMENT_LOW)));
      // Smoothed over the shot: a choice of model flipping between frames would be flicker.
      state.parallax.keepGround = state.parallax.agreed ? state.parallax.keepGround + MODEL_CHOICE_ALPHA * (keepGround - state.parallax.keepGround) : keepGround;
      state.parallax.agreed = true;
      general.weight *= 1 - state.parallax.keepGround;
    }
    // Where the general parallax rules, only motion across its direction tells a mover (more or less parallax than
    // the ground is depth, not motion).
    if (general.weight >= PARALLAX_RULES) acrossOnCoarseGrid({ fine: parallaxField, across: general.across, coarse: field, out: parallax.moving });
    const objects = findMovingObjects({ cols: field.cols, rows: field.rows, moving: parallax.moving, dx: smoothed.dx, dy: smoothed.dy, maxMotionDifference: 2 * o.moverThreshold });
    if (general.weight > 0) fuseParallax({ parallax: general, field: parallaxField, fused, frame, depthHigh: o.depthHigh });
    // Defocus speaks where the motion cues leave room (a translating camera's parallax is the stronger cue).
    const defocus = fuseDefocus({ memory: state.defocus, fine, fused, say: (1 - wt) * (1 - general.weight), depthHigh: o.depthHigh });
    cueWeight = Math.max(wt, general.weight, defocus);
    if (objects.length > 0) placeMovers({ objects, field, reference, current, frame, fused, global: motion.global, ground: parallax.ground, translation: state.translation, weight: wt, gap: motion.gap });
    const still = wt === 0 && general.weight === 0 && Math.hypot(motion.global.dx, motion.global.dy) < STILL_CAMERA_MOTION;
    if (!still) state.background = { image: undefined, frames: 0 };
    else {
      const fineBuffers = state.buffers.fine({ width: fine.width, height: fine.height, lumaCount: o.parallaxGap + 1 });
      const found = fine.width === 2 * current.width && fine.height === 2 * current.height
        ? detectStillMovers({ model: state.background, fine, width: current.width, height: current.height, out: frame.stillMoverMask, scratch: { difference: fineBuffers.difference, changed: fineBuffers.changed, smoothed: fineBuffers.smoothed, box: fineBuffers.box, queue: frame.queue } })
        : 0;
      if (found > 0) placeStillMovers({ mask: frame.stillMoverMask, prior: frame.prior, fused, standing: frame.standing });
    }
  } else {
    fused.data.set(singleFrameDepth({ current, frame, segmentK: o.segmentK, memory: state.singleFrame }).data);
    cueWeight = fuseDefocus({ memory: state.defocus, fine, fused, say: 1, depthHigh: o.depthHigh });
  }

  state.history.push(current);
  if (state.history.length > o.frameGap) state.history.shift();
  state.fineHistory = state.fineHistory.filter((entry) => entry.index !== index && Math.abs(entry.index - index) <= o.parallaxGap);
  state.fineHistory.push({ image: fine, index });
  if (state.turnAround) runForwards({ state, current });
  tiltTowardsRows({ map: fused, share: ROW_TILT * (1 - cueWeight) });
  const refined = guidedFilter({ guide: current, input: fused, radius: o.guidedRadius, epsilon: o.guidedEpsilon, out: frame.refined, scratch: frame.guided });
  const normalized = normalizeDepth({ input: refined, low: o.depthLow, high: o.depthHigh, out: frame.normalized });
  // Trust in this frame's estimate grows with the motion seen so far in the shot (the first frame has none): a
  // weak vote, soon outweighed.
  const weight = 0.1 + 0.9 * (1 - (1 - o.motionAlpha) ** state.measurements);
  return state.temporal.push(normalized, { weight, motion: pixelMotion });
}
