/**
 * OpenCV's `GaussianBlur` of an 8-bit plane: separable, mirrored borders (BORDER_REFLECT_101), rounded back to 8
 * bits. `size` 0 derives it from `sigma` (≈ ±3σ) and `sigma` 0 derives it from `size`, as OpenCV does; 5 with sigma
 * 0 is its fixed binomial kernel.
 */
export function gaussianBlur({ data, width, height, sigma, size = 0 }: { data: Uint8Array; width: number; height: number; sigma: number; size?: number }): Uint8Array {
  const n = size > 0 ? size : Math.round(sigma * 3 * 2 + 1) | 1;
  const kernel = gaussianKernel({ size: n, sigma });
  const r = n >> 1;
  const across = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) s += kernel[k + r]! * data[row + mirror(x + k, width)]!;
      across[row + x] = s;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) s += kernel[k + r]! * across[mirror(y + k, height) * width + x]!;
      out[y * width + x] = Math.min(255, Math.max(0, Math.round(s)));
    }
  }
  return out;
}

/** OpenCV's `getGaussianKernel`: normalised weights, or its small fixed kernels when sigma ≤ 0. */
export function gaussianKernel({ size, sigma }: { size: number; sigma: number }): Float64Array {
  const fixed: Record<number, number[]> = { 1: [1], 3: [0.25, 0.5, 0.25], 5: [0.0625, 0.25, 0.375, 0.25, 0.0625], 7: [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125] };
  if (sigma <= 0 && fixed[size]) return Float64Array.from(fixed[size]);
  const s = sigma > 0 ? sigma : ((size - 1) * 0.5 - 1) * 0.3 + 0.8;
  const out = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const x = i - (size - 1) / 2;
    out[i] = Math.exp(-(x * x) / (2 * s * s));
    sum += out[i]!;
  }
  for (let i = 0; i < size; i++) out[i]! /= sum;
  return out;
}

/** BORDER_REFLECT_101: …, 2, 1 | 0, 1, 2, … (the edge pixel not repeated). */
function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  while (i < 0 || i >= n) i = i < 0 ? -i : 2 * n - 2 - i;
  return i;
}
