import { blockMatch, type MotionField } from './block-match.js';
import type { BlockBuffers, FrameBuffers } from './estimator-buffers.js';
import type { EstimatorState } from './estimator-state.js';
import type { FloatImage } from './float-image.js';
import { estimateGlobalMotion, type GlobalMotion } from './global-motion.js';
import { MIN_MATCH_CONFIDENCE } from './heuristic-options.js';
import { upsampleBlocks, blockCentreIndex } from './upsample-blocks.js';
import type { MotionMap } from './warp-by-motion.js';

export interface CameraMotion {
  /** Block motion per frame (the match over `gap` frames, divided by it). */
  field: MotionField;
  /** The camera's image motion per frame (the far background's). */
  global: GlobalMotion;
  /** Frames between the reference and the current frame. */
  gap: number;
  /** Per-pixel motion since the previous frame (unreliable blocks move with the camera); undefined without compensation. */
  pixelMotion: MotionMap | undefined;
  blocks: BlockBuffers;
}

/**
 * Stage 1 of a frame with a motion reference: block motion against the oldest kept frame (a longer baseline
 * than the previous frame, so slow parallax rises above the matching noise), and the camera's motion as the
 * motion of the blocks that are probably far (high in the frame).
 */
export function measureCameraMotion({ state, reference, current, frame }: { state: EstimatorState; reference: FloatImage; current: FloatImage; frame: FrameBuffers }): CameraMotion {
  const o = state.options;
  const { width, height } = current;
  const gap = state.history.length;
  const field = blockMatch({ previous: reference, current, blockSize: o.blockSize, radius: o.searchRadius, center: { dx: state.lastGlobal.dx * gap, dy: state.lastGlobal.dy * gap } });
  for (let k = 0; k < field.dx.length; k++) {
    field.dx[k]! /= gap;
    field.dy[k]! /= gap;
  }
  const n = field.dx.length;
  const blocks = state.buffers.blocks(n);
  const pr = frame.prior.data;
  for (let k = 0; k < n; k++) {
    blocks.prior[k] = pr[blockCentreIndex({ field, block: k, width, height })]!;
    blocks.far[k] = (1 - blocks.prior[k]!) ** 4;
  }
  const global = estimateGlobalMotion({ field, weights: blocks.far });
  let pixelMotion: MotionMap | undefined;
  if (o.compensate) {
    // Unreliable blocks move with the camera.
    for (let k = 0; k < n; k++) {
      const ok = field.confidence[k]! >= MIN_MATCH_CONFIDENCE;
      blocks.relX[k] = ok ? field.dx[k]! : global.dx;
      blocks.relY[k] = ok ? field.dy[k]! : global.dy;
    }
    pixelMotion = { dx: upsampleBlocks({ values: blocks.relX, field, out: frame.motionX }).data, dy: upsampleBlocks({ values: blocks.relY, field, out: frame.motionY }).data };
  }
  state.lastGlobal = global;
  return { field, global, gap, pixelMotion, blocks };
}
