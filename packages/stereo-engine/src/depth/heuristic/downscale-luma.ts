import type { Plane } from '../../frame.js';
import { reuseFloatImage, type FloatImage } from './float-image.js';

/** Working size for a frame: `targetWidth` wide (never upscaled), height keeping the aspect ratio. */
export function workingSize({ width, height, targetWidth }: { width: number; height: number; targetWidth: number }): { width: number; height: number } {
  const w = Math.max(1, Math.min(width, Math.round(targetWidth)));
  const h = Math.max(1, Math.min(height, Math.round((height * w) / width)));
  return { width: w, height: h };
}

/**
 * Box-filter downscale of an 8-bit plane to `width`×`height` (area average: output pixel j covers source
 * columns [⌊j·W/w⌋, ⌊(j+1)·W/w⌋), and likewise rows, so non-integer ratios are covered exactly by boxes of two
 * sizes). This is the only pass over the full-size frame, so it dominates the estimator's cost at 1080p: the
 * rows of each output band are first summed vertically four bytes at a time (SIMD within a register on a
 * Uint32 view: two 16-bit lanes per accumulator), then each summed row is reduced horizontally.
 */
export function downscaleLuma({ luma, width, height, out }: { luma: Plane; width: number; height: number; out?: FloatImage }): FloatImage {
  const result = reuseFloatImage(out, width, height);
  const W = luma.width;
  const H = luma.height;
  const src = luma.data;
  const dst = result.data;
  const colStart = new Int32Array(width + 1);
  for (let j = 0; j <= width; j++) colStart[j] = Math.floor((j * W) / width);
  const columnSums = new Uint32Array(W);
  const words = W >> 2;
  // The word view needs 4-byte aligned rows; a 16-bit lane holds 257 rows of 255 before it could overflow.
  const aligned = src.byteOffset % 4 === 0 && W % 4 === 0 && Math.ceil(H / height) <= 257;
  const src32 = aligned ? new Uint32Array(src.buffer, src.byteOffset, (W * H) >> 2) : undefined;
  const even = new Uint32Array(words);
  const odd = new Uint32Array(words);
  let y = 0;
  for (let i = 0; i < height; i++) {
    const yEnd = Math.floor(((i + 1) * H) / height);
    const rows = yEnd - y;
    if (src32) {
      even.fill(0);
      odd.fill(0);
      // Two rows per sweep halves the accumulator traffic.
      for (; y + 1 < yEnd; y += 2) {
        const base = y * words;
        const next = base + words;
        for (let q = 0; q < words; q++) {
          const v = src32[base + q]!;
          const u = src32[next + q]!;
          even[q]! += (v & 0x00ff00ff) + (u & 0x00ff00ff);
          odd[q]! += ((v >>> 8) & 0x00ff00ff) + ((u >>> 8) & 0x00ff00ff);
        }
      }
      for (; y < yEnd; y++) {
        const base = y * words;
        for (let q = 0; q < words; q++) {
          const v = src32[base + q]!;
          even[q]! += v & 0x00ff00ff;
          odd[q]! += (v >>> 8) & 0x00ff00ff;
        }
      }
      // Little-endian: byte k of a word is pixel 4q + k; `even` holds bytes 0 and 2, `odd` bytes 1 and 3.
      for (let q = 0, x = 0; q < words; q++, x += 4) {
        const e = even[q]!;
        const o = odd[q]!;
        columnSums[x] = e & 0xffff;
        columnSums[x + 1] = o & 0xffff;
        columnSums[x + 2] = e >>> 16;
        columnSums[x + 3] = o >>> 16;
      }
    } else {
      columnSums.fill(0);
      for (; y < yEnd; y++) {
        const base = y * W;
        for (let x = 0; x < W; x++) columnSums[x]! += src[base + x]!;
      }
    }
    const row = i * width;
    for (let j = 0; j < width; j++) {
      const x0 = colStart[j]!;
      const x1 = colStart[j + 1]!;
      let s = 0;
      for (let x = x0; x < x1; x++) s += columnSums[x]!;
      dst[row + j] = s / (rows * (x1 - x0));
    }
  }
  return result;
}
