import { blockMatch, type MotionField } from './block-match.js';
import type { FloatImage } from './float-image.js';
import type { MotionMap } from './warp-by-motion.js';

/** Search radius around the coarse level's prediction, in fine pixels (horizontal, vertical). */
const RADIUS = 2;
const VERTICAL_RADIUS = 1;

/**
 * Coarse-to-fine block motion: blocks of the finer level are matched against a reference `gap` frames back, each
 * searched in a small window around what the coarse level's motion (`coarseMotion`, per coarse pixel and frame)
 * predicts for it. Returns motion per frame forwards in coarse pixels (the units every cue threshold is in) on the fine
 * block grid, whose geometry is given in coarse pixels too, so it upsamples straight onto coarse maps.
 */
export function measureFineMotion({ reference, current, gap, direction, coarseMotion, coarseWidth, coarseHeight, blockSize }: {
  reference: FloatImage;
  current: FloatImage;
  /** Frames from the reference to the current one (negative when the reference lies ahead). */
  gap: number;
  /** +1, or −1 while `coarseMotion` is measured backwards (warmUp): the coarse motion times this is per frame forwards. */
  direction: number;
  coarseMotion: MotionMap;
  coarseWidth: number;
  coarseHeight: number;
  blockSize: number;
}): MotionField {
  const sx = current.width / coarseWidth;
  const sy = current.height / coarseHeight;
  const cols = Math.max(0, Math.floor(current.width / blockSize));
  const rows = Math.max(0, Math.floor(current.height / blockSize));
  const originX = (current.width - cols * blockSize) >> 1;
  const originY = (current.height - rows * blockSize) >> 1;
  const centres = { dx: new Float32Array(cols * rows), dy: new Float32Array(cols * rows) };
  for (let r = 0; r < rows; r++) {
    const y = Math.min(coarseHeight - 1, Math.floor((originY + (r + 0.5) * blockSize) / sy));
    for (let c = 0; c < cols; c++) {
      const x = Math.min(coarseWidth - 1, Math.floor((originX + (c + 0.5) * blockSize) / sx));
      centres.dx[r * cols + c] = coarseMotion.dx[y * coarseWidth + x]! * sx * direction * gap;
      centres.dy[r * cols + c] = coarseMotion.dy[y * coarseWidth + x]! * sy * direction * gap;
    }
  }
  const field = blockMatch({ previous: reference, current, blockSize, radius: RADIUS, verticalRadius: VERTICAL_RADIUS, centres });
  for (let k = 0; k < field.dx.length; k++) {
    field.dx[k]! /= gap * sx;
    field.dy[k]! /= gap * sy;
  }
  // Geometry in coarse pixels (an average scale: the two differ only by rounding of the working sizes).
  const s = 0.5 * (sx + sy);
  return { ...field, blockSize: blockSize / s, originX: field.originX / sx, originY: field.originY / sy };
}
