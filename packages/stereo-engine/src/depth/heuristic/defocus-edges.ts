import { BINOMIAL_BLUR_SIGMA, binomialBlur } from './binomial-blur.js';
import { reuseFloatImage, type FloatImage } from './float-image.js';

/** Blur measured at the edges of one frame (see `measureEdgeBlur`). */
export interface DefocusEdges {
  /** 0..1 at edge pixels (grows with the edge's contrast: its ratio is steadier), 0 elsewhere. */
  weight: FloatImage;
  /** The edge's blur σ in pixels, 0..maxBlur, where `weight` > 0 (stale values elsewhere). */
  blur: FloatImage;
  /** Edge pixels found. */
  count: number;
  /** Their indices (the first `count` entries), so that later passes can visit the edges without scanning the frame. */
  indices: Int32Array;
  /** Mean squared gradient the frame's noise adds (grey levels²/pixel²), estimated where the frame is smooth; 0 when too little of it is. */
  noise: number;
}

/** Buffers `measureEdgeBlur` may reuse between calls (filled in on first use, replaced when the size changes). */
export interface DefocusEdgeScratch {
  reblurred?: FloatImage;
  pass?: FloatImage;
  magnitude?: FloatImage;
  weight?: FloatImage;
  blur?: FloatImage;
  histogram?: Uint32Array;
  indices?: Int32Array;
}

/** The re-blur, in pixels at the working size: small enough that blurs up to a few pixels still change the gradient measurably. */
export const REBLUR_SIGMA = BINOMIAL_BLUR_SIGMA;
/**
 * Re-blurred gradient (grey levels per pixel) below which an edge is not measured: 8-bit noise of a few grey
 * levels leaves well under 1 after the re-blur, while a 30-level step blurred by σ = 3 still has ~4.
 */
const MIN_EDGE_GRADIENT = 4;
/** Step contrast (grey levels) from which an edge gets full weight. */
const FULL_WEIGHT_CONTRAST = 48;
/**
 * Variance of the blur the forward difference and pixel sampling add to any edge (≈ a one-pixel box, 1/12): taken
 * off σ² so that a pixel-sharp edge reads as σ ≈ 0 rather than half a pixel.
 */
const SAMPLING_VARIANCE = 1 / 12;
/** Histogram of the noise's squared gradient: bin 0 for none, then 0..128 grey levels²/pixel² (noise of σ ≈ 5.7) in steps of ¼. */
const NOISE_BINS = 513;
const NOISE_BIN_WIDTH = 0.25;
/** Below this fraction of smooth pixels, the frame is all texture: its noise cannot be told from it, and is taken as 0. */
const MIN_SMOOTH_FRACTION = 0.02;
/** Rows sampled for the noise estimate. */
const NOISE_ROW_STEP = 3;
/** The percentile of the smooth pixels' excess gradient the noise is read from (see `noiseFloor`). */
const NOISE_PERCENTILE = 0.2;
/** R² below which a measurement is discarded: noise alone brings a very blurred edge's R² only a little below 1. */
const MIN_RATIO_SQUARED = 0.8;
/** tan²(22.5°): the gradient direction quantised to 0°, 45°, 90°, 135° for the across-edge comparison. */
const TAN_22_SQUARED = 0.41421356 * 0.41421356;

/**
 * Blur measured at edges (Zhuo & Sim 2011, "Defocus map estimation from a single image"): an edge blurred by an
 * unknown σ, re-blurred by a known σ0, loses gradient in the ratio R = |∇I| / |∇I_σ0| = √(σ² + σ0²) / σ, so
 * σ = σ0 / √(R² − 1). Only at edge centres (local maxima of the re-blurred gradient across the edge) is a pixel's
 * ratio that of its edge, and only where that gradient stands well above noise is it stable. Edges are taken no
 * nearer than 2 px to the border. Cost: a 5-tap blur, two passes over the frame, and the work per edge.
 */
export function measureEdgeBlur({ image, maxBlur, scratch: s = {} }: { image: FloatImage; maxBlur: number; scratch?: DefocusEdgeScratch }): DefocusEdges {
  const { width, height } = image;
  s.pass = reuseFloatImage(s.pass, width, height);
  const reblurred = (s.reblurred = binomialBlur({ input: image, out: s.reblurred, scratch: s.pass }));
  const magnitude = (s.magnitude = reuseFloatImage(s.magnitude, width, height));
  const weight = (s.weight = reuseFloatImage(s.weight, width, height));
  const blur = (s.blur = reuseFloatImage(s.blur, width, height));
  const histogram = (s.histogram ??= new Uint32Array(NOISE_BINS));
  // Each pass is its own function: V8 optimises a function with several hot loops by on-stack replacement, and
  // the code after the first loop then deoptimises on every call.
  reblurredGradient({ B: reblurred.data, mb: magnitude.data, width, height });
  const smooth = smoothExcessHistogram({ I: image.data, mb: magnitude.data, histogram, width, height });
  const noise = noiseFloor(histogram, smooth, Math.ceil((height - 1) / NOISE_ROW_STEP) * (width - 1));
  if (s.indices?.length !== width * height) s.indices = new Int32Array(width * height);
  const indices = s.indices;
  const count = measureEdges({ I: image.data, B: reblurred.data, mb: magnitude.data, w: weight.data, sigma: blur.data, indices, width, height, noise, maxBlur });
  return { weight, blur, count, indices, noise };
}

/** Squared forward-difference gradient of the re-blurred image into `mb` (the last row and column have none: 0). */
function reblurredGradient({ B, mb, width, height }: { B: Float32Array; mb: Float32Array; width: number; height: number }): void {
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
}

/**
 * Histogram of how much steeper the original is than the re-blurred image where the latter is smooth: there,
 * structure is as steep in both, so the excess is the noise's. Every NOISE_ROW_STEP-th row only (plenty for a
 * percentile, and the branch on smoothness is costly). Returns the number of smooth pixels counted.
 */
function smoothExcessHistogram({ I, mb, histogram, width, height }: { I: Float32Array; mb: Float32Array; histogram: Uint32Array; width: number; height: number }): number {
  histogram.fill(0);
  const smoothSquared = (MIN_EDGE_GRADIENT * MIN_EDGE_GRADIENT) / 4;
  let smooth = 0;
  for (let y = 0; y < height - 1; y += NOISE_ROW_STEP) {
    const row = y * width;
    for (let x = 0; x < width - 1; x++) {
      const i = row + x;
      const m = mb[i]!;
      if (m < smoothSquared) {
        const excess = sharpSquared(I, i, width) - m;
        const bin = excess > 0 ? 1 + ((excess * (1 / NOISE_BIN_WIDTH)) | 0) : 0;
        histogram[bin < NOISE_BINS ? bin : NOISE_BINS - 1]!++;
        smooth++;
      }
    }
  }
  return smooth;
}

/** Blur σ and weight at each edge centre (into `sigma` and `w`, `w` 0 elsewhere) and its index; returns the number of edges. */
function measureEdges({ I, B, mb, w, sigma, indices, width, height, noise, maxBlur }: { I: Float32Array; B: Float32Array; mb: Float32Array; w: Float32Array; sigma: Float32Array; indices: Int32Array; width: number; height: number; noise: number; maxBlur: number }): number {
  const sigma0Squared = REBLUR_SIGMA * REBLUR_SIGMA;
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
      // Non-maximum suppression across the edge, the gradient direction quantised to 0°, 45°, 90°, 135°. On a
      // diagonal, the pixels one diagonal step away skip the row of pixels half a step away (x + y ± 1), so those
      // count too, or every diagonal edge would be found twice. Written with bitwise ands and no early exits: this
      // runs on every strong-gradient pixel, where mispredicted branches would cost more than the comparisons.
      const bx2 = bx * bx;
      const by2 = by * by;
      const horizontal = +(by2 <= TAN_22_SQUARED * bx2);
      const vertical = +(bx2 <= TAN_22_SQUARED * by2);
      const sx = bx > 0 ? 1 : -1;
      const sy = by > 0 ? width : -width;
      const isMax =
        (horizontal & +(m > mb[i - 1]!) & +(m >= mb[i + 1]!)) |
        (vertical & +(m > mb[i - width]!) & +(m >= mb[i + width]!)) |
        ((1 - horizontal - vertical) & +(m > mb[i - sx - sy]!) & +(m >= mb[i + sx + sy]!) & +(m > mb[i - sx]!) & +(m > mb[i - sy]!) & +(m >= mb[i + sx]!) & +(m >= mb[i + sy]!));
      if (isMax === 0) continue;
      const step = horizontal ? 1 : vertical ? width : sx + sy;
      // Along the edge: perpendicular to the gradient.
      const along = horizontal ? width : vertical ? 1 : sx - sy;
      // The ratio model holds for an isolated step, where the original's gradient peaks where the re-blurred one
      // does. Next to a thin line or a close pair of edges, the re-blur merges them and its peak moves off the
      // original's (which can be ~0 there): such pixels are skipped rather than read as blurred.
      const own = sharpSquared(I, i, width);
      if (4 * own < Math.max(sharpSquared(I, i - step, width), sharpSquared(I, i + step, width))) continue;
      // Both gradients summed over three pixels along the edge (which leaves a straight edge's profile as it is)
      // and projected across it: a third of the noise, and none of the along-edge component's.
      const ux = B[i + 1 - along]! - B[i - along]! + bx + B[i + 1 + along]! - B[i + along]!;
      const uy = B[i + width - along]! - B[i - along]! + by + B[i + width + along]! - B[i + along]!;
      const across2 = ux * ux + uy * uy;
      if (!(across2 > 0)) continue;
      const gx = I[i + 1 - along]! - I[i - along]! + I[i + 1]! - I[i]! + I[i + 1 + along]! - I[i + along]!;
      const gy = I[i + width - along]! - I[i - along]! + I[i + width]! - I[i]! + I[i + width + along]! - I[i + along]!;
      const dot = gx * ux + gy * uy;
      // Noise adds its mean squared gradient to the original's (the re-blur removes nearly all of it): taken off, or
      // noisy blurred edges would read sharper than clean ones. Averaged over three and projected on one axis, the
      // noise keeps a sixth of `noise`; the sums are three times the average: 9/6.
      const ratioSquared = ((dot * dot) / across2 - 1.5 * noise) / across2;
      // R ≤ 1 (the re-blur did not lower the gradient) happens for very blurred edges, with noise: as blurred as
      // allowed; well below 1 the pixel is no step edge at all.
      if (ratioSquared < MIN_RATIO_SQUARED) continue;
      const s2 = ratioSquared > 1 + 1e-6 ? Math.min(maxBlurSquared, Math.max(0, sigma0Squared / (ratioSquared - 1) - SAMPLING_VARIANCE)) : maxBlurSquared;
      sigma[i] = Math.sqrt(s2);
      // Contrast of the edge's step: peak gradient × √(2π)·(total blur). Weighting by contrast rather than gradient
      // keeps sharp edges (steeper for the same step) from outweighing blurred ones.
      const contrast = Math.sqrt(m * (s2 + sigma0Squared + SAMPLING_VARIANCE)) * sqrt2Pi;
      w[i] = Math.min(1, contrast / FULL_WEIGHT_CONTRAST);
      indices[count++] = i;
    }
  }
  return count;
}

/** Squared forward-difference gradient of `I` at pixel `i`. */
function sharpSquared(I: Float32Array, i: number, width: number): number {
  const gx = I[i + 1]! - I[i]!;
  const gy = I[i + width]! - I[i]!;
  return gx * gx + gy * gy;
}

/**
 * Mean squared noise gradient from the histogram of the excess: its 20th percentile × 1/−ln 0.8 (a squared
 * gradient of Gaussian noise is roughly exponential, whose mean is its p-th percentile / −ln(1 − p)). A low
 * percentile, not the median: smooth pixels at the working size often hold fine texture (fabric, foliage,
 * downscaled detail), which is no noise and must not be taken off real edges; the flattest fifth of them is.
 */
function noiseFloor(histogram: Uint32Array, smooth: number, pixels: number): number {
  if (smooth < MIN_SMOOTH_FRACTION * pixels) return 0;
  const target = NOISE_PERCENTILE * smooth;
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    seen += histogram[bin]!;
    if (seen >= target) {
      if (bin === 0) return 0;
      // Interpolated within the bin (its lower part was below the percentile).
      const before = seen - histogram[bin]!;
      return ((bin - 1 + (target - before) / histogram[bin]!) * NOISE_BIN_WIDTH) / -Math.log(1 - NOISE_PERCENTILE);
    }
  }
  return 0;
}
