import { reuseFloatImage, type FloatImage } from './float-image.js';

/**
 * Mean over the (2·radius+1)² window around each pixel, windows clipped at the border (divided by the number
 * of pixels actually inside, so borders are not darkened). Separable running sums: O(1) per pixel whatever
 * the radius. `scratch` (the horizontal pass) and `out` are reused when given.
 */
export function boxMean({ input, radius, out, scratch }: { input: FloatImage; radius: number; out?: FloatImage; scratch?: FloatImage }): FloatImage {
  const { width, height } = input;
  const result = reuseFloatImage(out, width, height);
  const tmp = reuseFloatImage(scratch, width, height);
  const r = Math.max(0, Math.floor(radius));
  const src = input.data;
  const mid = tmp.data;
  const dst = result.data;
  const { inv, sums } = rowScratch(width, r);
  // Horizontal pass: a running sum over [x − r, x + r] ∩ [0, width − 1], in three loops (left border, interior,
  // right border) so the inner loop has no branch.
  const leftEnd = Math.min(width, r + 1);
  const rightStart = Math.max(leftEnd, width - r);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let acc = 0;
    for (let x = 0; x < Math.min(r, width); x++) acc += src[row + x]!;
    let x = 0;
    for (; x < leftEnd; x++) {
      if (x + r < width) acc += src[row + x + r]!;
      mid[row + x] = acc * inv[x]!;
    }
    for (; x < rightStart; x++) {
      acc += src[row + x + r]! - src[row + x - r - 1]!;
      mid[row + x] = acc * inv[x]!;
    }
    for (; x < width; x++) {
      if (x - r - 1 >= 0) acc -= src[row + x - r - 1]!;
      mid[row + x] = acc * inv[x]!;
    }
  }
  // Vertical pass: running column sums over the rows of the window, all columns at once (row-major friendly):
  // add the row entering the window, drop the one leaving it, write — one sweep per row.
  sums.fill(0);
  for (let y = 0; y < Math.min(r, height); y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) sums[x]! += mid[row + x]!;
  }
  for (let y = 0; y < height; y++) {
    const k = 1 / (Math.min(height - 1, y + r) - Math.max(0, y - r) + 1);
    const row = y * width;
    const add = y + r < height ? (y + r) * width : -1;
    const sub = y - r - 1 >= 0 ? (y - r - 1) * width : -1;
    if (add >= 0 && sub >= 0) {
      for (let x = 0; x < width; x++) {
        const v = sums[x]! + mid[add + x]! - mid[sub + x]!;
        sums[x] = v;
        dst[row + x] = v * k;
      }
    } else {
      for (let x = 0; x < width; x++) {
        let v = sums[x]!;
        if (add >= 0) v += mid[add + x]!;
        if (sub >= 0) v -= mid[sub + x]!;
        sums[x] = v;
        dst[row + x] = v * k;
      }
    }
  }
  return result;
}

interface RowScratch {
  width: number;
  radius: number;
  inv: Float32Array;
  sums: Float64Array;
}

const rowScratches: RowScratch[] = [];

/** Window sizes and running sums for one row width and radius, kept between calls (a few sizes per estimator). */
function rowScratch(width: number, radius: number): RowScratch {
  let s = rowScratches.find((c) => c.width === width && c.radius === radius);
  if (s) return s;
  s = { width, radius, inv: new Float32Array(width), sums: new Float64Array(width) };
  for (let x = 0; x < width; x++) s.inv[x] = 1 / (Math.min(width, x + radius + 1) - Math.max(0, x - radius));
  if (rowScratches.length >= 8) rowScratches.shift();
  rowScratches.push(s);
  return s;
}
