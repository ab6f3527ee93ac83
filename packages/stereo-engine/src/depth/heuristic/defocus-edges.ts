import { reuseFloatImage, type FloatImage } from './float-image.js';
import { gaussianBlur, gaussianKernel } from './gaussian-blur.js';

/**
 * Blur measured at edges (Zhuo & Sim 2011, "Defocus map estimation from a single image"): an edge blurred by an
 * unknown σ, re-blurred by a known σ0, loses gradient in the ratio R = |∇I| / |∇I_σ0| = √(σ² + σ0²) / σ, so
 * σ = σ0 / √(R² − 1). Only at edge centres (local maxima of the re-blurred gradient across the edge) is a pixel's
 * ratio that of its edge, and only where that gradient stands well above noise is it stable.
 */
export interface DefocusEdges {
  /** 0..1 at edge pixels (grows with the edge's contrast: its ratio is steadier), 0 elsewhere. */
  weight: FloatImage;
  /** The edge's blur σ in pixels, 0..maxBlur, where `weight` > 0 (undefined elsewhere). */
  blur: FloatImage;
  /** Edge pixels found. */
  count: number;
}

/** Buffers `measureEdgeBlur` may reuse between calls (filled in on first use, replaced when the size changes). */
export interface DefocusEdgeScratch {
  reblurred?: FloatImage;
  pass?: FloatImage;
  magnitude?: FloatImage;
  weight?: FloatImage;
  blur?: FloatImage;
}

/** The re-blur, in pixels at the working size: small enough that blurs up to a few pixels still change the gradient measurably. */
export const REBLUR_SIGMA = 1;
/**
 * Re-blurred gradient (grey levels per pixel) below which an edge is not measured: 8-bit noise of a few grey
 * levels leaves well under 1 after the re-blur, while a 30-level step blurred by σ = 3 still has ~4.
 */
export const MIN_EDGE_GRADIENT = 4;
/** Step contrast (grey levels) from which an edge gets full weight. */
const FULL_WEIGHT_CONTRAST = 48;
/**
 * Variance of the blur the forward difference and pixel sampling add to any edge (≈ a one-pixel box, 1/12): taken
 * off σ² so that a pixel-sharp edge reads as σ ≈ 0 rather than half a pixel.
 */
const SAMPLING_VARIANCE = 1 / 12;
/** tan(22.5°) and tan(67.5°): the gradient direction quantised to 0°, 45°, 90°, 135° for the across-edge comparison. */
const TAN_22 = 0.41421356;
const TAN_67 = 2.41421356;

export function measureEdgeBlur({ image, maxBlur, scratch: s = {} }: { image: FloatImage; maxBlur: number; scratch?: DefocusEdgeScratch }): DefocusEdges {
  const { width, height } = image;
  const kernel = gaussianKernel(REBLUR_SIGMA);
  const sigma0Squared = kernel.sigma * kernel.sigma;
  const reblurred = (s.reblurred = gaussianBlur({ input: image, sigma: REBLUR_SIGMA, out: s.reblurred, scratch: s.pass }));
  s.pass = reuseFloatImage(s.pass, width, height);
  const magnitude = (s.magnitude = reuseFloatImage(s.magnitude, width, height));
  const weight = (s.weight = reuseFloatImage(s.weight, width, height));
  const blur = (s.blur = reuseFloatImage(s.blur, width, height));
  const I = image.data;
  const B = reblurred.data;
  const mb = magnitude.data;
  const w = weight.data;
  const sigma = blur.data;
  // Squared forward-difference gradient of the re-blurred image (the last row and column have none: 0).
  mb.fill(0);
  for (let y = 0; y < height - 1; y++) {
    const row = y * width;
    for (let x = 0; x < width - 1; x++) {
      const i = row + x;
      const bx = B[i + 1]! - B[i]!;
      const by = B[i + width]! - B[i]!;
      mb[i] = bx * bx + by * by;
    }
  }
  w.fill(0);
  const minSquared = MIN_EDGE_GRADIENT * MIN_EDGE_GRADIENT;
  const maxBlurSquared = maxBlur * maxBlur;
  const sqrt2Pi = Math.sqrt(2 * Math.PI);
  let count = 0;
  for (let y = 1; y < height - 2; y++) {
    const row = y * width;
    for (let x = 1; x < width - 2; x++) {
      const i = row + x;
      const m = mb[i]!;
      if (m < minSquared) continue;
      const bx = B[i + 1]! - B[i]!;
      const by = B[i + width]! - B[i]!;
      const ax = Math.abs(bx);
      const ay = Math.abs(by);
      // Neighbours across the edge (along the gradient). On a diagonal, the pixels one diagonal step away skip the
      // row of pixels half a step away (x + y ± 1), so those count too, or every diagonal edge would be found twice.
      let step: number;
      if (ay <= TAN_22 * ax) step = 1;
      else if (ay >= TAN_67 * ax) step = width;
      else {
        const sx = bx > 0 ? 1 : -1;
        const sy = by > 0 ? width : -width;
        step = sx + sy;
        if (!(m > mb[i - sx]! && m > mb[i - sy]! && m >= mb[i + sx]! && m >= mb[i + sy]!)) continue;
      }
      if (!(m > mb[i - step]! && m >= mb[i + step]!)) continue;
      // The original's peak may sit one pixel off the re-blurred one on an aliased (pixel-sharp, diagonal) edge:
      // take the largest of the three across the edge.
      const ratioSquared = Math.max(sharpSquared(I, i, width), sharpSquared(I, i - step, width), sharpSquared(I, i + step, width)) / m;
      // R ≤ 1 (the re-blur did not lower the gradient) only happens for very blurred edges, or noise: as blurred as allowed.
      const s2 = ratioSquared > 1 + 1e-6 ? Math.min(maxBlurSquared, Math.max(0, sigma0Squared / (ratioSquared - 1) - SAMPLING_VARIANCE)) : maxBlurSquared;
      sigma[i] = Math.sqrt(s2);
      // Contrast of the edge's step: peak gradient × √(2π)·(total blur). Weighting by contrast rather than gradient
      // keeps sharp edges (steeper for the same step) from outweighing blurred ones.
      const contrast = Math.sqrt(m * (s2 + sigma0Squared + SAMPLING_VARIANCE)) * sqrt2Pi;
      w[i] = Math.min(1, contrast / FULL_WEIGHT_CONTRAST);
      count++;
    }
  }
  return { weight, blur, count };
}

/** Squared forward-difference gradient of `I` at pixel `i`. */
function sharpSquared(I: Float32Array, i: number, width: number): number {
  const gx = I[i + 1]! - I[i]!;
  const gy = I[i + width]! - I[i]!;
  return gx * gx + gy * gy;
}
