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
  // Horizontal pass: window [x − r, x + r] ∩ [0, width − 1], as a difference of prefix sums per row.
  const { lo, hi, inv, prefix, sums } = rowScratch(width, r);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let acc = 0;
    for (let x = 0; x < width; x++) {
      acc += src[row + x]!;
      prefix[x + 1] = acc;
    }
    for (let x = 0; x < width; x++) mid[row + x] = (prefix[hi[x]!]! - prefix[lo[x]!]!) * inv[x]!;
  }
  // Vertical pass: running column sums over the rows of the window, all columns at once (row-major friendly).
  sums.fill(0);
  for (let y = 0; y < Math.min(r, height); y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) sums[x]! += mid[row + x]!;
  }
  for (let y = 0; y < height; y++) {
    if (y + r < height) {
      const add = (y + r) * width;
      for (let x = 0; x < width; x++) sums[x]! += mid[add + x]!;
    }
    if (y - r - 1 >= 0) {
      const sub = (y - r - 1) * width;
      for (let x = 0; x < width; x++) sums[x]! -= mid[sub + x]!;
    }
    const k = 1 / (Math.min(height - 1, y + r) - Math.max(0, y - r) + 1);
    const row = y * width;
    for (let x = 0; x < width; x++) dst[row + x] = sums[x]! * k;
  }
  return result;
}

interface RowScratch {
  width: number;
  radius: number;
  lo: Int32Array;
  hi: Int32Array;
  inv: Float32Array;
  prefix: Float64Array;
  sums: Float64Array;
}

const rowScratches: RowScratch[] = [];

/** Window bounds and running sums for one row width and radius, kept between calls (a few sizes per estimator). */
function rowScratch(width: number, radius: number): RowScratch {
  let s = rowScratches.find((c) => c.width === width && c.radius === radius);
  if (s) return s;
  s = { width, radius, lo: new Int32Array(width), hi: new Int32Array(width), inv: new Float32Array(width), prefix: new Float64Array(width + 1), sums: new Float64Array(width) };
  for (let x = 0; x < width; x++) {
    s.lo[x] = Math.max(0, x - radius);
    s.hi[x] = Math.min(width, x + radius + 1);
    s.inv[x] = 1 / (s.hi[x]! - s.lo[x]!);
  }
  if (rowScratches.length >= 8) rowScratches.shift();
  rowScratches.push(s);
  return s;
}
