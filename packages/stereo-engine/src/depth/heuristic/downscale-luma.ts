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
 * sizes). This is the only pass over the full-size frame, so it dominates the estimator's cost at 1080p. Of each
 * output row's band of source rows only `maxRows` evenly spread ones are read (every column of them): at 1080p →
 * 192 wide a band is 10 rows, and 4 of them average out the noise as well as 10 for a map this coarse, at 40 % of
 * the memory traffic. The sampled rows are summed four bytes at a time (SIMD within a register on a Uint32 view:
 * two 16-bit lanes per accumulator), then each summed row is reduced horizontally.
 */
export function downscaleLuma({ luma, width, height, out, maxRows = 4 }: { luma: Plane; width: number; height: number; out?: FloatImage; maxRows?: number }): FloatImage {
  const result = reuseFloatImage(out, width, height);
  const W = luma.width;
  const H = luma.height;
  const src = luma.data;
  const dst = result.data;
  const { colStart, columnSums, even, odd } = scratchFor(W, width);
  const words = W >> 2;
  // The word view needs 4-byte aligned rows; a 16-bit lane holds 257 rows of 255 before it could overflow.
  const aligned = src.byteOffset % 4 === 0 && W % 4 === 0 && Math.min(maxRows, Math.ceil(H / height)) <= 257;
  const src32 = aligned ? new Uint32Array(src.buffer, src.byteOffset, (W * H) >> 2) : undefined;
  for (let i = 0; i < height; i++) {
    const y0 = Math.floor((i * H) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((i + 1) * H) / height));
    const band = y1 - y0;
    const rows = Math.min(band, Math.max(1, maxRows));
    if (src32) {
      even.fill(0);
      odd.fill(0);
      for (let r = 0; r < rows; r++) {
        // Row r of `rows` taken from the middle of its share of the band.
        const base = (y0 + Math.floor(((r + 0.5) * band) / rows)) * words;
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
      for (let r = 0; r < rows; r++) {
        const base = (y0 + Math.floor(((r + 0.5) * band) / rows)) * W;
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

interface DownscaleScratch {
  sourceWidth: number;
  width: number;
  colStart: Int32Array;
  columnSums: Uint32Array;
  even: Uint32Array;
  odd: Uint32Array;
}

let cached: DownscaleScratch | undefined;

/** Column bounds and row accumulators for one (source width, output width), kept between frames. */
function scratchFor(sourceWidth: number, width: number): DownscaleScratch {
  if (cached && cached.sourceWidth === sourceWidth && cached.width === width) return cached;
  const colStart = new Int32Array(width + 1);
  for (let j = 0; j <= width; j++) colStart[j] = Math.floor((j * sourceWidth) / width);
  const words = sourceWidth >> 2;
  cached = { sourceWidth, width, colStart, columnSums: new Uint32Array(sourceWidth), even: new Uint32Array(words), odd: new Uint32Array(words) };
  return cached;
}
