import type { MotionField } from './block-match.js';
import type { FloatImage } from './float-image.js';

/** Bilinear interpolation of per-block values (at block centres) to every pixel of `out`; clamped outside the grid. */
export function upsampleBlocks({ values, field, out }: { values: Float32Array; field: MotionField; out: FloatImage }): FloatImage {
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

/** The pixel index of block `b`'s centre (clamped into the image). */
export function blockCentreIndex({ field, block, width, height }: { field: MotionField; block: number; width: number; height: number }): number {
  const col = block % field.cols;
  const row = (block - col) / field.cols;
  const x = Math.min(width - 1, field.originX + Math.floor((col + 0.5) * field.blockSize));
  const y = Math.min(height - 1, field.originY + Math.floor((row + 0.5) * field.blockSize));
  return y * width + x;
}
