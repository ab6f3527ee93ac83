import { reuseFloatImage, type FloatImage } from './float-image.js';

/** A sampled, normalised Gaussian kernel and the standard deviation it really has (truncation and sampling shift it). */
export interface GaussianKernel {
  weights: Float32Array;
  radius: number;
  /** √(Σ w·k²): the blur the kernel actually applies, which formulas that assume a blur of `sigma` should use. */
  sigma: number;
}

const kernels = new Map<number, GaussianKernel>();

/** The kernel for `sigma` (radius ⌈3σ⌉), built once per sigma and kept. */
export function gaussianKernel(sigma: number): GaussianKernel {
  let kernel = kernels.get(sigma);
  if (kernel) return kernel;
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const weights = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += weights[k + radius] = Math.exp((-k * k) / (2 * sigma * sigma));
  let variance = 0;
  for (let k = -radius; k <= radius; k++) {
    weights[k + radius]! /= sum;
    variance += weights[k + radius]! * k * k;
  }
  kernel = { weights, radius, sigma: Math.sqrt(variance) };
  if (kernels.size >= 8) kernels.clear();
  kernels.set(sigma, kernel);
  return kernel;
}

/**
 * Gaussian blur of standard deviation `sigma` (pixels), separable, borders replicated (a blurred image keeps its
 * brightness at the edge, so gradients there are not invented). `scratch` (the horizontal pass) and `out` are
 * reused when given. Cost: 2·(2⌈3σ⌉+1) multiply-adds per pixel.
 */
export function gaussianBlur({ input, sigma, out, scratch }: { input: FloatImage; sigma: number; out?: FloatImage; scratch?: FloatImage }): FloatImage {
  const { width, height } = input;
  const result = reuseFloatImage(out, width, height);
  const tmp = reuseFloatImage(scratch, width, height);
  const { weights, radius: r } = gaussianKernel(sigma);
  const src = input.data;
  const mid = tmp.data;
  const dst = result.data;
  const taps = 2 * r + 1;
  // Horizontal pass; the interior (window inside the row) has no clamping in its inner loop.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let acc = 0;
      if (x >= r && x + r < width) {
        const base = row + x - r;
        for (let k = 0; k < taps; k++) acc += weights[k]! * src[base + k]!;
      } else {
        for (let k = 0; k < taps; k++) {
          const u = x + k - r;
          acc += weights[k]! * src[row + (u < 0 ? 0 : u >= width ? width - 1 : u)]!;
        }
      }
      mid[row + x] = acc;
    }
  }
  // Vertical pass, a whole row at a time (row-major friendly): each output row is a weighted sum of input rows.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let k = 0; k < taps; k++) {
      const v = y + k - r;
      const src2 = (v < 0 ? 0 : v >= height ? height - 1 : v) * width;
      const w = weights[k]!;
      if (k === 0) for (let x = 0; x < width; x++) dst[row + x] = w * mid[src2 + x]!;
      else for (let x = 0; x < width; x++) dst[row + x]! += w * mid[src2 + x]!;
    }
  }
  return result;
}
