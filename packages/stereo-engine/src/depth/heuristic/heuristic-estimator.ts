import type { DepthEstimator } from '../../depth-estimator.js';
import type { DepthMap, Plane } from '../../frame.js';
import { blockMatch, type MotionField } from './block-match.js';
import { boxMean } from './box-mean.js';
import { segmentRegions } from './segment-regions.js';
import { uprightRegions } from './upright-regions.js';
import { contactDepth } from './contact-depth.js';
import { downscaleLuma, workingSize } from './downscale-luma.js';
import type { FloatImage } from './float-image.js';
import { estimateGlobalMotion, residualMotion } from './global-motion.js';
import { fitGroundMotion } from './ground-motion.js';
import { guidedFilter } from './guided-filter.js';
import { moverPixels } from './mover-pixels.js';
import { findMovingObjects } from './moving-objects.js';
import { normalizeDepth } from './robust-normalize.js';
import { createEstimatorBuffers } from './estimator-buffers.js';
import { isSceneCut } from './scene-cut.js';
import { createTemporalFilter } from './temporal-filter.js';
import { flagUnsupportedBlocks } from './unsupported-blocks.js';
import type { MotionMap } from './warp-by-motion.js';

export interface HeuristicOptions {
  workWidth: number;
  blockSize: number;
  searchRadius: number;
  frameGap: number;
  horizon: number;
  guidedRadius: number;
  guidedEpsilon: number;
  temporalAlpha: number;
  /**
   * Depth (prior units: 0 at the horizon, 1 at the bottom row) mapped to the output's 0 and 1. Fixed, not learned
   * per shot: every segment of a video starts a new estimator, and a range re-learned at each start makes the whole
   * map jump at the joins.
   */
  depthLow: number;
  depthHigh: number;
  motionAlpha: number;
  translationLow: number;
  translationHigh: number;
  moverThreshold: number;
  segmentK: number;
  compensate: boolean;
}

export const DEFAULT_HEURISTIC_OPTIONS: HeuristicOptions = {
  workWidth: 192,
  blockSize: 8,
  searchRadius: 4,
  frameGap: 2,
  horizon: 0.4,
  guidedRadius: 4,
  guidedEpsilon: 400,
  temporalAlpha: 0.3,
  // The 98th percentile of typical maps (the ground's bottom rows and the objects standing on them reach ~0.93–0.95).
  depthLow: 0,
  depthHigh: 0.95,
  motionAlpha: 0.5,
  translationLow: 0.05,
  translationHigh: 0.2,
  moverThreshold: 0.15,
  segmentK: 300,
  compensate: true,
};

const MIN_CONFIDENCE = 0.1;

/** Frames of a segment's start that `warmUp` uses (more costs time and adds little: the state settles in ~3). */
export const WARM_UP_FRAMES = 4;

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
  debug: Record<string, unknown>;
}

export function createHeuristicEstimator(options: Partial<HeuristicOptions> = {}): HeuristicEstimator {
  const o = { ...DEFAULT_HEURISTIC_OPTIONS, ...options };
  const temporal = createTemporalFilter({ alpha: o.temporalAlpha });
  const buffers = createEstimatorBuffers();
  let history: FloatImage[] = [];
  let motion: { dx: Float32Array; dy: Float32Array } | undefined;
  let translation = 0;
  let measurements = 0;
  let lastGlobal = { dx: 0, dy: 0 };
  // Set by warmUp: after the next frame (frame 0, reached backwards), time runs forwards again.
  let turnAround = false;
  let estimated = false;
  const debug: Record<string, unknown> = {};

  const step = (luma: Plane): FloatImage => {
    const size = workingSize({ width: luma.width, height: luma.height, targetWidth: o.workWidth });
    const { width, height } = size;
    const b = buffers.frame({ width, height, horizon: o.horizon, lumaCount: o.frameGap + 1 });
    const current = downscaleLuma({ luma, ...size, out: b.spareLuma(history) });
    const last = history[history.length - 1];
    debug.cut = false;
    if (last && isSceneCut({ previous: last, current })) {
      history = [];
      temporal.reset();
      motion = undefined;
      measurements = 0;
      lastGlobal = { dx: 0, dy: 0 };
      debug.cut = true;
    }
    const prior = b.prior;
    const pr = prior.data;
    // Single-frame cue: regions that look like upright things take the depth of the ground where they stand. Only
    // computed when used: a translating camera (full motion weight) replaces it by the motion parallax.
    const base = b.base;
    const singleFrameCue = () => {
      base.data.set(pr);
      if (o.segmentK > 0) {
        const regions = segmentRegions({ image: boxMean({ input: current, radius: 1, out: b.smoothed, scratch: b.scratch }), k: o.segmentK, minSize: 20, scratch: b.segmentation });
        debug.upright = uprightRegions({ regions, prior, out: base });
      }
    };
    const fused = b.fused.data;
    const reference = history[0];
    let pixelMotion: MotionMap | undefined;
    if (reference) {
      const gap = history.length;
      const field = blockMatch({ previous: reference, current, blockSize: o.blockSize, radius: o.searchRadius, center: { dx: lastGlobal.dx * gap, dy: lastGlobal.dy * gap } });
      for (let k = 0; k < field.dx.length; k++) {
        field.dx[k]! /= gap;
        field.dy[k]! /= gap;
      }
      const n = field.dx.length;
      const blk = buffers.blocks(n);
      const blockPrior = blk.prior;
      const far = blk.far;
      for (let k = 0; k < n; k++) {
        blockPrior[k] = pr[blockCentreIndex(field, k, width, height)]!;
        far[k] = (1 - blockPrior[k]!) ** 4;
      }
      const global = estimateGlobalMotion({ field, weights: far });
      if (o.compensate) {
        // Unreliable blocks move with the camera.
        for (let k = 0; k < n; k++) {
          const ok = field.confidence[k]! >= MIN_CONFIDENCE;
          blk.relX[k] = ok ? field.dx[k]! : global.dx;
          blk.relY[k] = ok ? field.dy[k]! : global.dy;
        }
        pixelMotion = { dx: upsampleBlocks({ values: blk.relX, field, out: b.motionX }).data, dy: upsampleBlocks({ values: blk.relY, field, out: b.motionY }).data };
      }
      lastGlobal = global;
      const residual = residualMotion({ field, global });
      const first = !motion || motion.dx.length !== n;
      measurements = first ? 1 : measurements + 1;
      if (!motion || first) motion = { dx: residual.dx.slice(), dy: residual.dy.slice() };
      else {
        for (let k = 0; k < n; k++) {
          motion.dx[k]! += o.motionAlpha * (residual.dx[k]! - motion.dx[k]!);
          motion.dy[k]! += o.motionAlpha * (residual.dy[k]! - motion.dy[k]!);
        }
      }
      const ground = fitGroundMotion({ dx: motion.dx, dy: motion.dy, weights: field.confidence, prior: blockPrior });
      translation = first ? ground.scale : translation + o.motionAlpha * (ground.scale - translation);
      const wt = Math.min(1, Math.max(0, (translation - o.translationLow) / (o.translationHigh - o.translationLow)));

      // Blocks the static world cannot explain: with a translating camera, motion against or across the parallax
      // flow, more parallax than the nearest ground shows, or less than the ground at the block's own row (a static
      // thing below the horizon stands in front of the ground); with a still camera, any motion.
      const moving = blk.moving;
      moving.fill(0);
      const md = blk.depth;
      const tau = o.moverThreshold;
      for (let k = 0; k < n; k++) {
        md[k] = blockPrior[k]!;
        if (field.confidence[k]! < MIN_CONFIDENCE) continue;
        const rx = motion.dx[k]!;
        const ry = motion.dy[k]!;
        if (wt > 0) {
          const along = rx * ground.dirX + ry * ground.dirY;
          const across = Math.abs(rx * ground.dirY - ry * ground.dirX);
          const floor = translation * blockPrior[k]!;
          moving[k] = along < floor - tau - 0.15 * translation || across > tau || along > translation + Math.max(tau, 0.15 * translation) ? 1 : 0;
          if (!moving[k]) md[k] = Math.max(blockPrior[k]!, Math.min(1, along / translation));
        } else moving[k] = Math.hypot(rx, ry) > tau ? 1 : 0;
      }
      if (wt > 0) {
        for (let k = 0; k < n; k++) {
          const row = Math.floor(k / field.cols);
          blk.groundTop[k] = pr[Math.min(height - 1, field.originY + row * field.blockSize) * width]!;
          blk.groundBottom[k] = pr[Math.min(height - 1, field.originY + (row + 1) * field.blockSize - 1) * width]!;
          blk.valid[k] = field.confidence[k]! >= MIN_CONFIDENCE ? 1 : 0;
        }
        debug.unsupported = flagUnsupportedBlocks({ cols: field.cols, rows: field.rows, depth: md, groundTop: blk.groundTop, groundBottom: blk.groundBottom, valid: blk.valid, moving, tolerance: 0.15 + (0.5 * tau) / translation });
        for (let k = 0; k < n; k++) if (moving[k]) md[k] = blockPrior[k]!;
      }

      // Pixels of independently moving objects, each standing on the ground: they take the ground's depth at their base.
      const objects = findMovingObjects({ cols: field.cols, rows: field.rows, moving, dx: motion.dx, dy: motion.dy, maxMotionDifference: 2 * tau });
      if (wt < 1) singleFrameCue();
      if (wt >= 1) upsampleBlocks({ values: md, field, out: b.fused });
      else if (wt > 0) {
        const mdUp = upsampleBlocks({ values: md, field, out: b.blockDepth }).data;
        for (let i = 0; i < fused.length; i++) fused[i] = (1 - wt) * base.data[i]! + wt * mdUp[i]!;
      } else fused.set(base.data);
      if (objects.length > 0) {
        const moverMask = b.moverMask;
        moverMask.fill(0);
        const background = (y: number) => {
          const t = wt > 0 ? translation * pr[y * width]! : 0;
          return { dx: (global.dx + t * ground.dirX) * gap, dy: (global.dy + t * ground.dirY) * gap };
        };
        // Nearest first (lowest base), so that an object partly hidden behind another finds its occluder in place.
        // Static things nearer than the ground of their rows (parallax) can hide a mover's base too.
        objects.sort((p, q) => q.bottomRow - p.bottomRow);
        const occluders = { mask: b.occluderMask, depth: b.occluderDepth };
        occluders.depth.data.set(fused);
        occluders.mask.fill(0);
        if (wt > 0) for (let i = 0; i < fused.length; i++) occluders.mask[i] = fused[i]! > pr[i]! + 0.1 ? 1 : 0;
        // Movers' own motion says nothing of their depth: they start from the prior, not from the motion depth.
        const standing = b.standing;
        standing.data.set(pr);
        for (const obj of objects) markMover({ obj, field, reference, current, background, gap, mask: moverMask, prior, standing, occluders });
        for (let i = 0; i < fused.length; i++) if (moverMask[i]) fused[i] = standing.data[i]!;
      }
      debug.global = global;
      debug.translation = translation;
      debug.wt = wt;
      debug.objects = objects.length;
    } else {
      singleFrameCue();
      fused.set(base.data);
    }
    history.push(current);
    if (history.length > o.frameGap) history.shift();
    if (turnAround) {
      // Frame 0 reached backwards: from here time runs forwards, so motion flips and frame 0 is the only reference.
      turnAround = false;
      history = [current];
      lastGlobal = { dx: -lastGlobal.dx, dy: -lastGlobal.dy };
      if (motion) for (let k = 0; k < motion.dx.length; k++) {
        motion.dx[k] = -motion.dx[k]!;
        motion.dy[k] = -motion.dy[k]!;
      }
    }
    const refined = guidedFilter({ guide: current, input: b.fused, radius: o.guidedRadius, epsilon: o.guidedEpsilon, out: b.refined, scratch: b.guided });
    const normalized = normalizeDepth({ input: refined, low: o.depthLow, high: o.depthHigh, out: b.normalized });
    // Trust in this frame's estimate grows with the motion seen so far in the shot (the first frame has none).
    const weight = 0.1 + 0.9 * (1 - (1 - o.motionAlpha) ** measurements);
    // The first frame of a shot has no motion yet: a weak vote, soon outweighed.
    return temporal.push(normalized, { weight, motion: pixelMotion });
  };

  const estimate = async ({ luma }: { luma: Plane }): Promise<DepthMap> => {
    estimated = true;
    const smooth = step(luma);
    // A copy: the caller may keep or transfer it, and the state is updated in place on the next frame.
    return { data: smooth.data.slice(), width: smooth.width, height: smooth.height };
  };

  const warmUp = async ({ lumas }: { lumas: Plane[] }): Promise<void> => {
    const count = Math.min(lumas.length, WARM_UP_FRAMES);
    // Only before the first frame (the state then belongs to frames already returned), and only with motion to see.
    if (estimated || turnAround || count < 2) return;
    for (let k = count - 1; k >= 1; k--) step(lumas[k]!);
    turnAround = true;
  };

  return { estimate, warmUp, async close() {}, debug };
}

function markMover({ obj, field, reference, current, background, gap, mask, prior, standing, occluders }: {
  obj: { blocks: number[] };
  field: MotionField;
  reference: FloatImage;
  current: FloatImage;
  background: (y: number) => { dx: number; dy: number };
  gap: number;
  mask: Uint8Array;
  prior: FloatImage;
  standing: FloatImage;
  occluders: { mask: Uint8Array; depth: FloatImage };
}): void {
  const { width, height } = current;
  const bs = field.blockSize;
  let c0 = field.cols;
  let c1 = 0;
  let r0 = field.rows;
  let r1 = 0;
  const mx: number[] = [];
  const my: number[] = [];
  for (const b of obj.blocks) {
    const col = b % field.cols;
    const row = (b - col) / field.cols;
    c0 = Math.min(c0, col);
    c1 = Math.max(c1, col);
    r0 = Math.min(r0, row);
    r1 = Math.max(r1, row);
    mx.push(field.dx[b]!);
    my.push(field.dy[b]!);
  }
  mx.sort((a, b) => a - b);
  my.sort((a, b) => a - b);
  const rect = {
    x0: Math.max(0, field.originX + (c0 - 1) * bs),
    y0: Math.max(0, field.originY + (r0 - 1) * bs),
    x1: Math.min(width, field.originX + (c1 + 2) * bs),
    y1: Math.min(height, field.originY + (r1 + 2) * bs),
  };
  const rw = rect.x1 - rect.x0;
  const rh = rect.y1 - rect.y0;
  const seed = new Uint8Array(rw * rh);
  for (const b of obj.blocks) {
    const col = b % field.cols;
    const row = (b - col) / field.cols;
    for (let y = field.originY + row * bs; y < field.originY + (row + 1) * bs; y++) {
      for (let x = field.originX + col * bs; x < field.originX + (col + 1) * bs; x++) seed[(y - rect.y0) * rw + (x - rect.x0)] = 1;
    }
  }
  const object = { dx: mx[mx.length >> 1]! * gap, dy: my[my.length >> 1]! * gap };
  const pixels = moverPixels({ previous: reference, current, rect, object, background, seed });
  contactDepth({ mask: pixels, rect, prior, out: standing, occluders });
  for (let j = 0; j < rh; j++) {
    for (let i = 0; i < rw; i++) {
      if (!pixels[j * rw + i]) continue;
      const k = (rect.y0 + j) * width + rect.x0 + i;
      mask[k] = 1;
      occluders.mask[k] = 1;
      occluders.depth.data[k] = standing.data[k]!;
    }
  }
}

function blockCentreIndex(field: MotionField, b: number, width: number, height: number): number {
  const col = b % field.cols;
  const row = (b - col) / field.cols;
  const x = Math.min(width - 1, field.originX + Math.floor((col + 0.5) * field.blockSize));
  const y = Math.min(height - 1, field.originY + Math.floor((row + 0.5) * field.blockSize));
  return y * width + x;
}

/** Bilinear interpolation of per-block values (at block centres) to every pixel of `out`; clamped outside the grid. */
function upsampleBlocks({ values, field, out }: { values: Float32Array; field: MotionField; out: FloatImage }): FloatImage {
  const { width, height, data } = out;
  const { cols, rows, blockSize: bs, originX, originY } = field;
  if (cols === 0 || rows === 0) {
    data.fill(0);
    return out;
  }
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.max(0, (y + 0.5 - originY) / bs - 0.5));
    const r0 = Math.floor(gy);
    const r1 = Math.min(rows - 1, r0 + 1);
    const fy = gy - r0;
    const top = r0 * cols;
    const bottom = r1 * cols;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(cols - 1, Math.max(0, (x + 0.5 - originX) / bs - 0.5));
      const c0 = Math.floor(gx);
      const c1 = Math.min(cols - 1, c0 + 1);
      const fx = gx - c0;
      const t = values[top + c0]! * (1 - fx) + values[top + c1]! * fx;
      const u = values[bottom + c0]! * (1 - fx) + values[bottom + c1]! * fx;
      data[row + x] = t * (1 - fy) + u * fy;
    }
  }
  return out;
}
