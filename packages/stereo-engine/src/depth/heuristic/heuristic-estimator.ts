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
import { groundPrior } from './ground-prior.js';
import { guidedFilter } from './guided-filter.js';
import { moverPixels } from './mover-pixels.js';
import { findMovingObjects } from './moving-objects.js';
import { normalizeDepth, robustRange } from './robust-normalize.js';
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
  lowPercentile: number;
  highPercentile: number;
  rangeAlpha: number;
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
  lowPercentile: 0.02,
  highPercentile: 0.98,
  rangeAlpha: 0.2,
  motionAlpha: 0.5,
  translationLow: 0.05,
  translationHigh: 0.2,
  moverThreshold: 0.15,
  segmentK: 300,
  compensate: true,
};

const MIN_CONFIDENCE = 0.1;

export function createHeuristicEstimator(options: Partial<HeuristicOptions> = {}): DepthEstimator & { debug: Record<string, unknown> } {
  const o = { ...DEFAULT_HEURISTIC_OPTIONS, ...options };
  const temporal = createTemporalFilter({ alpha: o.temporalAlpha });
  let history: FloatImage[] = [];
  let prior: FloatImage | undefined;
  let motion: { dx: Float32Array; dy: Float32Array } | undefined;
  let translation = 0;
  let measurements = 0;
  let range: { low: number; high: number; weight: number } | undefined;
  let lastGlobal = { dx: 0, dy: 0 };
  const debug: Record<string, unknown> = {};

  const estimate = async ({ luma }: { luma: Plane }): Promise<DepthMap> => {
    const size = workingSize({ width: luma.width, height: luma.height, targetWidth: o.workWidth });
    const current = downscaleLuma({ luma, ...size });
    const { width, height } = size;
    const last = history[history.length - 1];
    debug.cut = false;
    if (last && isSceneCut({ previous: last, current })) {
      history = [];
      temporal.reset();
      motion = undefined;
      measurements = 0;
      range = undefined;
      lastGlobal = { dx: 0, dy: 0 };
      debug.cut = true;
    }
    prior = groundPrior({ width, height, horizon: o.horizon, out: prior });
    const pr = prior.data;
    // Single-frame cue: regions that look like upright things take the depth of the ground where they stand.
    const base = { data: pr.slice(), width, height };
    if (o.segmentK > 0) {
      const regions = segmentRegions({ image: boxMean({ input: current, radius: 1 }), k: o.segmentK, minSize: 20 });
      debug.upright = uprightRegions({ regions, prior, out: base });
    }
    const fused = base.data.slice();
    const reference = history[0];
    let pixelMotion: MotionMap | undefined;
    if (reference) {
      const gap = history.length;
      const field = blockMatch({ previous: reference, current, blockSize: o.blockSize, radius: o.searchRadius, center: { dx: lastGlobal.dx * gap, dy: lastGlobal.dy * gap } });
      for (let b = 0; b < field.dx.length; b++) {
        field.dx[b]! /= gap;
        field.dy[b]! /= gap;
      }
      const n = field.dx.length;
      const blockPrior = new Float32Array(n);
      const far = new Float32Array(n);
      for (let b = 0; b < n; b++) {
        blockPrior[b] = pr[blockCentreIndex(field, b, width, height)]!;
        far[b] = (1 - blockPrior[b]!) ** 4;
      }
      const global = estimateGlobalMotion({ field, weights: far });
      if (o.compensate) {
        const rel = (v: Float32Array, g: number) => Float32Array.from(v, (x, b) => (field.confidence[b]! >= MIN_CONFIDENCE ? x : g));
        pixelMotion = { dx: upsampleBlocks({ values: rel(field.dx, global.dx), field, width, height }), dy: upsampleBlocks({ values: rel(field.dy, global.dy), field, width, height }) };
      }
      lastGlobal = global;
      const residual = residualMotion({ field, global });
      const first = !motion || motion.dx.length !== n;
      measurements = first ? 1 : measurements + 1;
      if (!motion || first) motion = { dx: residual.dx.slice(), dy: residual.dy.slice() };
      else {
        for (let b = 0; b < n; b++) {
          motion.dx[b]! += o.motionAlpha * (residual.dx[b]! - motion.dx[b]!);
          motion.dy[b]! += o.motionAlpha * (residual.dy[b]! - motion.dy[b]!);
        }
      }
      const ground = fitGroundMotion({ dx: motion.dx, dy: motion.dy, weights: field.confidence, prior: blockPrior });
      translation = first ? ground.scale : translation + o.motionAlpha * (ground.scale - translation);
      const wt = Math.min(1, Math.max(0, (translation - o.translationLow) / (o.translationHigh - o.translationLow)));

      // Blocks the static world cannot explain: with a translating camera, motion against or across the parallax
      // flow, more parallax than the nearest ground shows, or less than the ground at the block's own row (a static
      // thing below the horizon stands in front of the ground); with a still camera, any motion.
      const moving = new Uint8Array(n);
      const md = new Float32Array(n);
      const tau = o.moverThreshold;
      for (let b = 0; b < n; b++) {
        md[b] = blockPrior[b]!;
        if (field.confidence[b]! < MIN_CONFIDENCE) continue;
        const rx = motion.dx[b]!;
        const ry = motion.dy[b]!;
        if (wt > 0) {
          const along = rx * ground.dirX + ry * ground.dirY;
          const across = Math.abs(rx * ground.dirY - ry * ground.dirX);
          const floor = translation * blockPrior[b]!;
          moving[b] = along < floor - tau - 0.15 * translation || across > tau || along > translation + Math.max(tau, 0.15 * translation) ? 1 : 0;
          if (!moving[b]) md[b] = Math.max(blockPrior[b]!, Math.min(1, along / translation));
        } else moving[b] = Math.hypot(rx, ry) > tau ? 1 : 0;
      }
      if (wt > 0) {
        const groundTop = new Float32Array(n);
        const groundBottom = new Float32Array(n);
        const valid = new Uint8Array(n);
        for (let b = 0; b < n; b++) {
          const row = Math.floor(b / field.cols);
          groundTop[b] = pr[Math.min(height - 1, field.originY + row * field.blockSize) * width]!;
          groundBottom[b] = pr[Math.min(height - 1, field.originY + (row + 1) * field.blockSize - 1) * width]!;
          valid[b] = field.confidence[b]! >= MIN_CONFIDENCE ? 1 : 0;
        }
        debug.unsupported = flagUnsupportedBlocks({ cols: field.cols, rows: field.rows, depth: md, groundTop, groundBottom, valid, moving, tolerance: 0.15 + (0.5 * tau) / translation });
        for (let b = 0; b < n; b++) if (moving[b]) md[b] = blockPrior[b]!;
      }

      // Pixels of independently moving objects, each standing on the ground: they take the ground's depth at their base.
      const objects = findMovingObjects({ cols: field.cols, rows: field.rows, moving, dx: motion.dx, dy: motion.dy, maxMotionDifference: 2 * tau });
      const moverMask = new Uint8Array(width * height);
      const background = (y: number) => {
        const t = wt > 0 ? translation * pr[y * width]! : 0;
        return { dx: (global.dx + t * ground.dirX) * gap, dy: (global.dy + t * ground.dirY) * gap };
      };
      if (wt > 0) {
        const mdUp = upsampleBlocks({ values: md, field, width, height });
        for (let i = 0; i < fused.length; i++) fused[i] = (1 - wt) * base.data[i]! + wt * mdUp[i]!;
      }
      // Nearest first (lowest base), so that an object partly hidden behind another finds its occluder in place.
      // Static things nearer than the ground of their rows (parallax) can hide a mover's base too.
      objects.sort((a, b) => b.bottomRow - a.bottomRow);
      const occluders = { mask: new Uint8Array(width * height), depth: { data: fused.slice(), width, height } };
      if (wt > 0) for (let i = 0; i < fused.length; i++) occluders.mask[i] = fused[i]! > pr[i]! + 0.1 ? 1 : 0;
      // Movers' own motion says nothing of their depth: they start from the prior, not from the motion depth.
      const standing = { data: pr.slice(), width, height };
      for (const obj of objects) markMover({ obj, field, reference, current, background, gap, mask: moverMask, prior, standing, occluders });
      for (let i = 0; i < fused.length; i++) if (moverMask[i]) fused[i] = standing.data[i]!;
      debug.global = global;
      debug.translation = translation;
      debug.wt = wt;
      debug.objects = objects.length;
    }
    history.push(current);
    if (history.length > o.frameGap) history.shift();
    const refined = guidedFilter({ guide: current, input: { data: fused, width, height }, radius: o.guidedRadius, epsilon: o.guidedEpsilon });
    const stats = robustRange({ input: refined, lowFraction: o.lowPercentile, highFraction: o.highPercentile });
    // Trust in this frame's estimate grows with the motion seen so far in the shot (the first frame has none).
    const weight = 0.1 + 0.9 * (1 - (1 - o.motionAlpha) ** measurements);
    if (!range) range = { low: stats.low, high: stats.high, weight };
    else {
      range.weight = (1 - o.rangeAlpha) * range.weight + weight;
      const gain = weight / range.weight;
      range.low += gain * (stats.low - range.low);
      range.high += gain * (stats.high - range.high);
    }
    const normalized = normalizeDepth({ input: refined, low: range.low, high: range.high });
    // The first frame of a shot has no motion yet: a weak vote, soon outweighed.
    const smooth = temporal.push(normalized, { weight, motion: pixelMotion });
    return { data: smooth.data.slice(), width, height };
  };
  return { estimate, async close() {}, debug };
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

/** Bilinear interpolation of per-block values (at block centres) to every pixel; clamped outside the grid. */
function upsampleBlocks({ values, field, width, height }: { values: Float32Array; field: MotionField; width: number; height: number }): Float32Array {
  const out = new Float32Array(width * height);
  const { cols, rows, blockSize: bs, originX, originY } = field;
  if (cols === 0 || rows === 0) return out;
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.max(0, (y + 0.5 - originY) / bs - 0.5));
    const r0 = Math.floor(gy);
    const r1 = Math.min(rows - 1, r0 + 1);
    const fy = gy - r0;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(cols - 1, Math.max(0, (x + 0.5 - originX) / bs - 0.5));
      const c0 = Math.floor(gx);
      const c1 = Math.min(cols - 1, c0 + 1);
      const fx = gx - c0;
      const top = values[r0 * cols + c0]! * (1 - fx) + values[r0 * cols + c1]! * fx;
      const bot = values[r1 * cols + c0]! * (1 - fx) + values[r1 * cols + c1]! * fx;
      out[y * width + x] = top * (1 - fy) + bot * fy;
    }
  }
  return out;
}
