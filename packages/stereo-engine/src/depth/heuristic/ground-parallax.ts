import type { EstimatorState } from './estimator-state.js';
import type { FloatImage } from './float-image.js';
import { residualMotion } from './global-motion.js';
import { fitGroundMotion, type GroundMotion } from './ground-motion.js';
import { MIN_MATCH_CONFIDENCE } from './heuristic-options.js';
import type { CameraMotion } from './measure-camera-motion.js';
import { flagUnsupportedBlocks } from './unsupported-blocks.js';

export interface GroundParallax {
  ground: GroundMotion;
  /** 0..1: how much this shot's camera translates over the ground (0: still or only rotating; 1: parallax rules). */
  weight: number;
  /** Per block: 1 where the static world cannot explain the motion (an independently moving thing). */
  moving: Uint8Array;
  /**
   * 0..1: the confident share of the low blocks (prior ≥ 0.25) whose parallax is the ground's at their row or an
   * upright thing's standing on it: high where a ground plane explains the scene, low for close-ups.
   */
  fit: number;
  /** Per block: depth in prior units from the parallax (the prior where there is none, or the block moves). */
  depth: Float32Array;
}

/**
 * Stage 2: the residual motion (after the camera's) smoothed over the shot, fitted to the parallax a ground plane
 * shows under a translating camera; each block's depth is its parallax against the ground's, and blocks that no
 * static surface explains are flagged as moving.
 */
export function groundParallax({ state, motion, prior }: { state: EstimatorState; motion: CameraMotion; prior: FloatImage }): GroundParallax {
  const o = state.options;
  const { field, global, blocks } = motion;
  const { width, height } = prior;
  const pr = prior.data;
  const n = field.dx.length;
  const residual = residualMotion({ field, global });
  const first = !state.residual || state.residual.dx.length !== n;
  state.measurements = first ? 1 : state.measurements + 1;
  if (!state.residual || first) state.residual = { dx: residual.dx.slice(), dy: residual.dy.slice() };
  else {
    const r = state.residual;
    for (let k = 0; k < n; k++) {
      r.dx[k]! += o.motionAlpha * (residual.dx[k]! - r.dx[k]!);
      r.dy[k]! += o.motionAlpha * (residual.dy[k]! - r.dy[k]!);
    }
  }
  const smoothed = state.residual;
  const blockPrior = blocks.prior;
  const ground = fitGroundMotion({ dx: smoothed.dx, dy: smoothed.dy, weights: field.confidence, prior: blockPrior });
  state.translation = first ? ground.scale : state.translation + o.motionAlpha * (ground.scale - state.translation);
  const translation = state.translation;
  const weight = Math.min(1, Math.max(0, (translation - o.translationLow) / (o.translationHigh - o.translationLow)));

  // Blocks the static world cannot explain: with a translating camera, motion against or across the parallax
  // flow, more parallax than the nearest ground shows, or less than the ground at the block's own row (a static
  // thing below the horizon stands in front of the ground); with a still camera, any motion.
  const moving = blocks.moving;
  moving.fill(0);
  const md = blocks.depth;
  const tau = o.moverThreshold;
  for (let k = 0; k < n; k++) {
    md[k] = blockPrior[k]!;
    if (field.confidence[k]! < MIN_MATCH_CONFIDENCE) continue;
    const rx = smoothed.dx[k]!;
    const ry = smoothed.dy[k]!;
    if (weight > 0) {
      const along = rx * ground.dirX + ry * ground.dirY;
      const across = Math.abs(rx * ground.dirY - ry * ground.dirX);
      const floor = translation * blockPrior[k]!;
      moving[k] = along < floor - tau - 0.15 * translation || across > tau || along > translation + Math.max(tau, 0.15 * translation) ? 1 : 0;
      if (!moving[k]) md[k] = Math.max(blockPrior[k]!, Math.min(1, along / translation));
    } else moving[k] = Math.hypot(rx, ry) > tau ? 1 : 0;
  }
  if (weight > 0) {
    for (let k = 0; k < n; k++) {
      const row = Math.floor(k / field.cols);
      blocks.groundTop[k] = pr[Math.min(height - 1, field.originY + row * field.blockSize) * width]!;
      blocks.groundBottom[k] = pr[Math.min(height - 1, field.originY + (row + 1) * field.blockSize - 1) * width]!;
      blocks.valid[k] = field.confidence[k]! >= MIN_MATCH_CONFIDENCE ? 1 : 0;
    }
    flagUnsupportedBlocks({ cols: field.cols, rows: field.rows, depth: md, groundTop: blocks.groundTop, groundBottom: blocks.groundBottom, valid: blocks.valid, moving, tolerance: 0.15 + (0.5 * tau) / translation });
    for (let k = 0; k < n; k++) if (moving[k]) md[k] = blockPrior[k]!;
  }
  let fitting = 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    if (blockPrior[k]! < 0.25 || field.confidence[k]! < MIN_MATCH_CONFIDENCE) continue;
    total += 1;
    if (!moving[k]) fitting += 1;
  }
  return { ground, weight, moving, depth: md, fit: total > 0 ? fitting / total : 0 };
}
