import { reuseFloatImage, type FloatImage } from './float-image.js';

/** The blur `binomialBlur` applies: the kernel [1 4 6 4 1]/16 has variance 4·¼ = 1 exactly, in each direction. */
export const BINOMIAL_BLUR_SIGMA = 1;

/**
 * A Gaussian blur of σ = 1 px, by the 5-tap binomial kernel [1 4 6 4 1]/16 in each direction: its variance is
 * exactly 1 (a sampled, truncated Gaussian's is not quite), and unrolled it costs a third of the general
 * `gaussianBlur` (whose σ = 1 kernel has 7 taps in a loop) — this runs on every frame. Borders replicated.
 * `scratch` (the horizontal pass) and `out` are reused when given.
 */
export function binomialBlur({ input, out, scratch }: { input: FloatImage; out?: FloatImage; scratch?: FloatImage }): FloatImage {
  const { width, height } = input;
  const result = reuseFloatImage(out, width, height);
  const tmp = reuseFloatImage(scratch, width, height);
  const src = input.data;
  const mid = tmp.data;
  const dst = result.data;
  const last = width - 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (width < 5) {
      for (let x = 0; x < width; x++) {
        const at = (u: number) => src[row + (u < 0 ? 0 : u > last ? last : u)]!;
        mid[row + x] = (at(x - 2) + at(x + 2) + 4 * (at(x - 1) + at(x + 1)) + 6 * at(x)) * 0.0625;
      }
      continue;
    }
    const a = src[row]!;
    const b = src[row + 1]!;
    mid[row] = (a + 4 * a + 6 * a + 4 * b + src[row + 2]!) * 0.0625;
    mid[row + 1] = (a + 4 * a + 6 * b + 4 * src[row + 2]! + src[row + 3]!) * 0.0625;
    for (let x = 2; x < width - 2; x++) {
      const i = row + x;
      mid[i] = (src[i - 2]! + src[i + 2]! + 4 * (src[i - 1]! + src[i + 1]!) + 6 * src[i]!) * 0.0625;
    }
    const z = src[row + last]!;
    const yv = src[row + last - 1]!;
    mid[row + last - 1] = (src[row + last - 3]! + 4 * src[row + last - 2]! + 6 * yv + 4 * z + z) * 0.0625;
    mid[row + last] = (src[row + last - 2]! + 4 * yv + 6 * z + 4 * z + z) * 0.0625;
  }
  // Vertical pass a row at a time (row-major friendly), rows clamped at the top and bottom.
  const lastRow = height - 1;
  for (let y = 0; y < height; y++) {
    const r0 = Math.max(0, y - 2) * width;
    const r1 = Math.max(0, y - 1) * width;
    const r2 = y * width;
    const r3 = Math.min(lastRow, y + 1) * width;
    const r4 = Math.min(lastRow, y + 2) * width;
    for (let x = 0; x < width; x++) dst[r2 + x] = (mid[r0 + x]! + mid[r4 + x]! + 4 * (mid[r1 + x]! + mid[r3 + x]!) + 6 * mid[r2 + x]!) * 0.0625;
  }
  return result;
}
