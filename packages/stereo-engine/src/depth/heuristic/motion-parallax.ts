import { fitCameraSimilarity } from './camera-similarity.js';
import type { EstimatorState } from './estimator-state.js';
import { MIN_MATCH_CONFIDENCE } from './heuristic-options.js';
import type { MotionField } from './block-match.js';
import type { FloatImage } from './float-image.js';
import { blockCentreIndex } from './upsample-blocks.js';
import { weightedCorrelation } from './weighted-correlation.js';

export interface MotionParallax {
  /** Per block: nearness 0..1 from the parallax (rank within this frame: 0 farthest, 1 nearest). */
  depth: Float32Array;
  /** 0..1 for the frame: how much parallax the camera's translation shows across the frame (smoothed over the shot). */
  weight: number;
  /** Per block: 0..1, how far its `depth` can be trusted (match confidence; 0 where the block says nothing). */
  confidence: Float32Array;
  /** Per block: 1 where the residual motion runs across the parallax direction (a thing moving on its own). */
  across: Uint8Array;
}

/** Parallax spread (working px per frame, 3 × the median absolute deviation) below which the cue says nothing, and above which it is trusted fully. */
const SPREAD_LOW = 0.03;
const SPREAD_HIGH = 0.1;
/** Frame-to-frame rank correlation of the parallax depth below which it is not a camera's parallax, and above which it fully is. */
const CONSISTENCY_LOW = 0.6;
const CONSISTENCY_HIGH = 0.85;
/** Parallax weight below which the cue is off. */
const MIN_WEIGHT = 0.02;
/** Parallax this many spreads from the median is a mover's, not depth. */
const OUTLIER_SPREADS = 3;
/** Share of a new frame's parallax range taken into the smoothed one. */
const RANGE_ALPHA = 0.2;
/** Block-match confidence at which a block's parallax counts fully. */
const FULL_CONFIDENCE = 0.3;
/** Pearson correlation with the row prior needed to flip the depth sign kept from earlier frames. */
const SIGN_EVIDENCE = 0.05;

/**
 * Stage 2b, the general motion-parallax cue (any scene, not only a ground plane): the camera's pan, tilt, zoom
 * and roll fitted as a similarity and removed; what is left on static things is parallax from the camera's
 * translation, along one image direction, proportional to inverse depth. Its sign (which end is near) is not in
 * the motion itself; it is taken from the row prior's correlation (lower rows nearer on the whole), and kept
 * while that evidence is weak. A compact minority of movers does not make a spread, so a still camera with
 * people walking gives weight ≈ 0 here.
 */
export function motionParallax({ state, field, gap, prior }: { state: EstimatorState; field: MotionField; gap: number; prior: FloatImage }): MotionParallax {
  const n = field.dx.length;
  const p = state.parallax;
  const buf = state.buffers.parallax(n);
  const cx = (field.cols * field.blockSize) / 2;
  const cy = (field.rows * field.blockSize) / 2;
  for (let k = 0; k < n; k++) {
    const col = k % field.cols;
    const row = (k - col) / field.cols;
    buf.x[k] = (col + 0.5) * field.blockSize - cx;
    buf.y[k] = (row + 0.5) * field.blockSize - cy;
    buf.w[k] = field.confidence[k]! >= MIN_MATCH_CONFIDENCE ? field.confidence[k]! : 0;
    buf.prior[k] = prior.data[blockCentreIndex({ field, block: k, width: prior.width, height: prior.height })]!;
  }
  const camera = fitCameraSimilarity({ x: buf.x, y: buf.y, dx: field.dx, dy: field.dy, weights: buf.w });
  // Residual motion and its dominant direction (weighted second moments).
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const x = buf.x[k]!;
    const y = buf.y[k]!;
    const rx = field.dx[k]! - (camera.tx + camera.s * x - camera.r * y);
    const ry = field.dy[k]! - (camera.ty + camera.s * y + camera.r * x);
    buf.rx[k] = rx;
    buf.ry[k] = ry;
    const w = buf.w[k]!;
    sxx += w * rx * rx;
    sxy += w * rx * ry;
    syy += w * ry * ry;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  let ux = Math.cos(angle);
  let uy = Math.sin(angle);
  // A canonical orientation (rightwards, or downwards when vertical), so the sign kept below means the same each frame.
  if (ux < -1e-9 || (Math.abs(ux) <= 1e-9 && uy < 0)) {
    ux = -ux;
    uy = -uy;
  }
  let count = 0;
  for (let k = 0; k < n; k++) {
    const along = buf.rx[k]! * ux + buf.ry[k]! * uy;
    const acrossValue = Math.abs(buf.ry[k]! * ux - buf.rx[k]! * uy);
    buf.along[k] = along;
    buf.across[k] = buf.w[k]! > 0 && acrossValue > state.options.moverThreshold ? 1 : 0;
    if (buf.w[k]! > 0) buf.sorted[count++] = along;
  }
  const valid = buf.sorted.subarray(0, count).sort();
  const at = (f: number) => (count > 0 ? valid[Math.min(count - 1, Math.max(0, Math.round(f * (count - 1))))]! : 0);
  // Spread as 3 × the median absolute deviation (≈ the 15–85 % range of a normal spread): movers covering less
  // than half of the frame do not widen it, a whole scene at many depths does.
  const median = at(0.5);
  for (let k = 0; k < count; k++) buf.deviation[k] = Math.abs(valid[k]! - median);
  const deviations = buf.deviation.subarray(0, count).sort();
  const spread = count > 0 ? 3 * deviations[count >> 1]! : 0;
  // Far beyond the static scene's spread of parallax: a thing moving along the parallax direction on its own.
  const outlierLimit = OUTLIER_SPREADS * Math.max(spread, SPREAD_LOW);
  for (let k = 0; k < n; k++) if (buf.w[k]! > 0 && Math.abs(buf.along[k]! - median) > outlierLimit) buf.across[k] = 1;
  // Sign: correlation of the parallax with the row prior over the reliable blocks.
  const correlation = weightedCorrelation({ a: buf.along, b: buf.prior, w: buf.w });
  if (Math.abs(correlation) > SIGN_EVIDENCE) p.sign = correlation > 0 ? 1 : -1;
  // The range mapped onto 0..1, smoothed over the shot: a range re-read every frame makes the whole map breathe.
  const frameLow = p.sign > 0 ? at(0.03) : -at(0.97);
  const frameHigh = p.sign > 0 ? at(0.97) : -at(0.03);
  const signChanged = p.measured && p.rangeSign !== p.sign;
  p.low = p.measured && !signChanged ? p.low + RANGE_ALPHA * (frameLow - p.low) : frameLow;
  p.high = p.measured && !signChanged ? p.high + RANGE_ALPHA * (frameHigh - p.high) : frameHigh;
  p.rangeSign = p.sign;
  const low = p.low;
  const span = Math.max(1e-6, p.high - low);
  for (let k = 0; k < n; k++) {
    const q = p.sign * buf.along[k]!;
    buf.depth[k] = Math.min(1, Math.max(0, (q - low) / span));
  }
  // Matching noise per frame of motion grows as the baseline shortens (a shot's first frames): so does the spread
  // needed to count.
  for (let k = 0; k < n; k++) buf.confidence[k] = buf.across[k] ? 0 : Math.min(1, buf.w[k]! / FULL_CONFIDENCE);
  const noise = state.options.parallaxGap / Math.max(1, Math.min(gap, state.options.parallaxGap));
  let frameWeight = Math.min(1, Math.max(0, (spread - noise * SPREAD_LOW) / (noise * (SPREAD_HIGH - SPREAD_LOW))));
  // A translating camera's parallax orders the scene the same way from one frame to the next; a large mover's
  // motion (a talking head filling half the frame) reads as a spread too, but its order jumps about.
  const previous = p.previousDepth;
  if (previous && previous.length === n) {
    const consistency = weightedCorrelation({ a: buf.depth, b: previous, w: buf.confidence });
    frameWeight *= Math.min(1, Math.max(0, (consistency - CONSISTENCY_LOW) / (CONSISTENCY_HIGH - CONSISTENCY_LOW)));
  }
  p.previousDepth = p.previousDepth && p.previousDepth.length === n ? p.previousDepth : new Float32Array(n);
  p.previousDepth.set(buf.depth);
  p.weight = p.measured ? p.weight + state.options.motionAlpha * (frameWeight - p.weight) : frameWeight;
  // A trace left of a few noisy frames is not a cue (and would keep the fusion running for nothing).
  if (p.weight < MIN_WEIGHT) p.weight = 0;
  p.measured = true;
  return { depth: buf.depth, confidence: buf.confidence, weight: p.weight, across: buf.across };
}
