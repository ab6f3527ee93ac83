import { boxMean } from './box-mean.js';
import { measureEdgeBlur, REBLUR_SIGMA, type DefocusEdges, type DefocusEdgeScratch } from './defocus-edges.js';
import { reuseFloatImage, type FloatImage } from './float-image.js';

/**
 * A single-image depth cue from defocus: where a frame has a shallow depth of field (film, portraits, macro) the
 * subject in focus is near and blur grows with distance from it. Blur is measured at edges (`measureEdgeBlur`),
 * turned into nearness, and spread to every pixel; `strength` says whether the frame shows a depth of field at all.
 */
export interface DefocusCue {
  /** 0..1 per pixel, 1 = sharpest (in focus = near), at the input's size. */
  nearness: FloatImage;
  /** 0..1 per pixel: how much the nearness can be trusted here (edges measured, and spread edge-aware). */
  confidence: FloatImage;
  /** 0..1 for the whole frame: how strongly the frame shows a shallow depth of field (≈0 where everything is sharp or everything equally blurred). */
  strength: number;
}

/** Buffers `estimateDefocus` may reuse between frames (filled in on first use, replaced when the size changes). */
export interface DefocusScratch {
  edges?: DefocusEdgeScratch;
  /** Sparse maps (non-zero at edges): weight·nearness and weight, for the local window (full size) and the wide one (half size). */
  localValue?: FloatImage;
  localWeight?: FloatImage;
  wideValue?: FloatImage;
  wideWeight?: FloatImage;
  /** Their box means. */
  localValueMean?: FloatImage;
  localWeightMean?: FloatImage;
  wideValueMean?: FloatImage;
  wideWeightMean?: FloatImage;
  pass?: FloatImage;
  widePass?: FloatImage;
  histogram?: Float64Array;
}

/** Blur (σ, pixels at the working size) read as nearness 0; blurrier edges are clamped to it. */
export const MAX_BLUR = 4;
/**
 * Spreading: normalised convolution (box of weight·nearness ÷ box of weight) over a 5×5 window, plus 1 % of one
 * over 18×18 (9×9 at half size: it is smooth anyway, and a quarter of the cost). The small window decides wherever
 * it holds edges, so a sharp object's nearness stops within 2–3 px of its outline when its surroundings have edges
 * of their own; the wide one fills in where edges are sparse (a larger share carries a sharp outline's nearness
 * several pixels into a blurred background). Farther than ~8 px from any edge, nearness is a neutral 0.5 with
 * confidence 0.
 */
const LOCAL_RADIUS = 2;
/** In half-size pixels. */
const WIDE_RADIUS = 4;
const WIDE_SHARE = 0.01;
/**
 * Within a window the sharper edges count more, by exp(−σ/τ): a soft minimum of the blur. Defocus sets a lower bound
 * on how sharp an edge can be, while in-focus surfaces also have soft edges of their own (shading, rounded
 * silhouettes, shadows); the sharpest edges nearby say the most about focus. On a shallow-DOF photograph (Middlebury
 * Aloe) this raised the rank correlation with true disparity from 0.47 to 0.64. τ is 1 px for the wide window, where
 * a strong soft minimum would carry a sharp object's nearness far into a blurred background, and half that for the
 * local one (its weight is the wide one squared: one exp per edge, one table lookup per pixel).
 */
const WIDE_TAU = 1;
/** Effective edge density (weight per pixel, near the local blur level) at which confidence reaches 1: about one full-weight edge pixel per row of a 5×5 window. */
const FULL_CONFIDENCE_DENSITY = 0.15;
/** Prior weight of nearness 0.5 (keeps edge-free pixels finite and neutral instead of 0/0; far below the ~1e-5 of a few σ = 4 edges). */
const PRIOR_WEIGHT = 1e-8;
/**
 * Strength from how far apart the frame's sharpest and blurriest places are: the wide-window blur at edge pixels,
 * its 10th and 90th percentile (edges weighted by contrast), compared as total edge widths √(σ² + σ0²) — the
 * quantity the gradient ratio measures, and in which a few tenths of a pixel between already-sharp edges count for
 * little. Uniformly sharp or blurred textures (σ 0..3, with or without noise) give ratios − 1 up to 0.30, sharp
 * photographs with soft shading ~0.1; it counts from 0.35 and is full at 0.85. 10/90 rather than 20/80 so that a
 * subject holding a tenth of the edges still counts.
 */
const STRENGTH_LOW_FRACTION = 0.1;
const STRENGTH_HIGH_FRACTION = 0.9;
const STRENGTH_RATIO_FLOOR = 0.35;
const STRENGTH_RATIO_FULL = 0.85;
/** Fewer edge pixels than this (a fraction of the frame) and the percentiles are not trusted: strength fades out. */
const MIN_EDGE_FRACTION = 0.004;
const HISTOGRAM_BINS = 256;
/**
 * exp(σ/WIDE_TAU) for σ = 0..MAX_BLUR in LUT_STEPS steps (its square, the local window's): undoes the soft-minimum
 * weighting at a pixel's own blur level, for the confidence. A table: an exp per pixel would cost more than a box
 * mean.
 */
const LUT_STEPS = 256;
const UNDO = Float32Array.from({ length: LUT_STEPS + 1 }, (_, k) => Math.exp((k / LUT_STEPS) * (MAX_BLUR / WIDE_TAU)));

/**
 * The defocus cue of one frame (luma at the working size). Pass the same `out` and `scratch` every frame: nothing
 * of the frame's size is allocated again while the size stays. Cost: `measureEdgeBlur`, two 5×5 box means at full
 * size and two at half size, and a few passes over the frame or its edges.
 */
export function estimateDefocus({ image, out = {}, scratch: s = {} }: { image: FloatImage; out?: { nearness?: FloatImage; confidence?: FloatImage }; scratch?: DefocusScratch }): DefocusCue {
  const { width, height } = image;
  const halfWidth = (width + 1) >> 1;
  const halfHeight = (height + 1) >> 1;
  const edges = measureEdgeBlur({ image, maxBlur: MAX_BLUR, scratch: (s.edges ??= {}) });
  const localValue = (s.localValue = reuseFloatImage(s.localValue, width, height));
  const localWeight = (s.localWeight = reuseFloatImage(s.localWeight, width, height));
  const wideValue = (s.wideValue = reuseFloatImage(s.wideValue, halfWidth, halfHeight));
  const wideWeight = (s.wideWeight = reuseFloatImage(s.wideWeight, halfWidth, halfHeight));
  // Each loop is its own function (V8 deoptimises code that follows a hot loop in the same function on every call).
  softMinimumWeights({ edges, width, localValue: localValue.data, localWeight: localWeight.data, wideValue: wideValue.data, wideWeight: wideWeight.data });
  const pass = (s.pass = reuseFloatImage(s.pass, width, height));
  const widePass = (s.widePass = reuseFloatImage(s.widePass, halfWidth, halfHeight));
  const localValueMean = (s.localValueMean = boxMean({ input: localValue, radius: LOCAL_RADIUS, out: s.localValueMean, scratch: pass }));
  const localWeightMean = (s.localWeightMean = boxMean({ input: localWeight, radius: LOCAL_RADIUS, out: s.localWeightMean, scratch: pass }));
  const wideValueMean = (s.wideValueMean = boxMean({ input: wideValue, radius: WIDE_RADIUS, out: s.wideValueMean, scratch: widePass }));
  const wideWeightMean = (s.wideWeightMean = boxMean({ input: wideWeight, radius: WIDE_RADIUS, out: s.wideWeightMean, scratch: widePass }));
  const nearness = reuseFloatImage(out.nearness, width, height);
  const confidence = reuseFloatImage(out.confidence, width, height);
  combineWindows({ la: localValueMean.data, lb: localWeightMean.data, wa: wideValueMean.data, wb: wideWeightMean.data, width, height, near: nearness.data, conf: confidence.data });
  const histogram = (s.histogram ??= new Float64Array(HISTOGRAM_BINS));
  const strength = frameStrength({ edges, width, wideValueMean: wideValueMean.data, wideWeightMean: wideWeightMean.data, histogram });
  return { nearness, confidence, strength };
}

/**
 * The sparse maps, non-zero at edges: weight·nearness and weight for each window, the weights scaled by
 * exp(−σ/τ); the wide window's summed into half-size pixels (¼ each, so both are densities per full-size pixel).
 * Nearness is linear in blur: in a thin lens, blur grows linearly with the disparity difference from the focus
 * plane.
 */
function softMinimumWeights({ edges, width, localValue, localWeight, wideValue, wideWeight }: { edges: DefocusEdges; width: number; localValue: Float32Array; localWeight: Float32Array; wideValue: Float32Array; wideWeight: Float32Array }): void {
  localValue.fill(0);
  localWeight.fill(0);
  wideValue.fill(0);
  wideWeight.fill(0);
  const { indices, count } = edges;
  const weight = edges.weight.data;
  const blur = edges.blur.data;
  const halfWidth = (width + 1) >> 1;
  for (let k = 0; k < count; k++) {
    const i = indices[k]!;
    const si = blur[i]!;
    const v = 1 - si * (1 / MAX_BLUR);
    // exp(−σ/τ) for both windows from one exp (the local τ is half the wide one).
    const soft = Math.exp(-si * (1 / WIDE_TAU));
    const wWide = weight[i]! * soft;
    const wLocal = wWide * soft;
    localValue[i] = wLocal * v;
    localWeight[i] = wLocal;
    const y = (i / width) | 0;
    const h = (y >> 1) * halfWidth + ((i - y * width) >> 1);
    wideValue[h]! += 0.25 * wWide * v;
    wideWeight[h]! += 0.25 * wWide;
  }
}

/** Nearness from both windows' normalised convolutions, and confidence from their effective edge density. */
function combineWindows({ la, lb, wa, wb, width, height, near, conf }: { la: Float32Array; lb: Float32Array; wa: Float32Array; wb: Float32Array; width: number; height: number; near: Float32Array; conf: Float32Array }): void {
  const densityScale = 1 / ((1 + WIDE_SHARE) * FULL_CONFIDENCE_DENSITY);
  const share = WIDE_SHARE;
  const halfWidth = (width + 1) >> 1;
  const undo = UNDO; // a local: a module-level array is reloaded on every access in the loop
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const halfRow = (y >> 1) * halfWidth;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const h = halfRow + (x >> 1);
      const localB = lb[i]!;
      const wideB = share * wb[h]!;
      const ratio = (la[i]! + share * wa[h]! + 0.5 * PRIOR_WEIGHT) / (localB + wideB + PRIOR_WEIGHT);
      // A weighted mean of values in 0..1, outside only by rounding. (Math.min/max: no branch to mispredict where
      // sharp edges put the ratio within rounding of 1.)
      const v = Math.max(0, Math.min(1, ratio));
      near[i] = v;
      // Effective density of edges near this pixel's own blur level: the soft-minimum weights, times exp(σ/τ).
      // (An int32 index: Math.round would give a double, and −0 at v = 1, looked up the slow way.)
      const e = undo[((1 - v) * LUT_STEPS + 0.5) | 0]!;
      const c = (localB * e * e + wideB * e) * densityScale;
      conf[i] = Math.min(1, c);
    }
  }
}

/** How far apart the frame's sharpest and blurriest places are (see STRENGTH_RATIO_FLOOR). */
function frameStrength({ edges, width, wideValueMean, wideWeightMean, histogram }: { edges: DefocusEdges; width: number; wideValueMean: Float32Array; wideWeightMean: Float32Array; histogram: Float64Array }): number {
  const { count } = edges;
  if (count < 16) return 0;
  const total = edgeHistogram({ edges, width, wideValueMean, wideWeightMean, histogram });
  if (!(total > 0)) return 0;
  // The 90th percentile of blur is the 10th of nearness.
  const sharp = (1 - percentile(histogram, total, STRENGTH_HIGH_FRACTION)) * MAX_BLUR;
  const blurred = (1 - percentile(histogram, total, STRENGTH_LOW_FRACTION)) * MAX_BLUR;
  const s0 = REBLUR_SIGMA * REBLUR_SIGMA;
  const ratio = Math.sqrt((blurred * blurred + s0) / (sharp * sharp + s0)) - 1;
  const t = (ratio - STRENGTH_RATIO_FLOOR) / (STRENGTH_RATIO_FULL - STRENGTH_RATIO_FLOOR);
  const strength = t <= 0 ? 0 : t >= 1 ? 1 : t;
  return strength * Math.min(1, count / Math.max(16, MIN_EDGE_FRACTION * edges.weight.data.length));
}

/**
 * Histogram of the wide-window nearness at edge pixels, weighted by the edges' own weight (percentiles from a
 * histogram: no sort, no sampling); returns the total weight.
 */
function edgeHistogram({ edges, width, wideValueMean, wideWeightMean, histogram }: { edges: DefocusEdges; width: number; wideValueMean: Float32Array; wideWeightMean: Float32Array; histogram: Float64Array }): number {
  histogram.fill(0);
  const { indices, count } = edges;
  const weight = edges.weight.data;
  const halfWidth = (width + 1) >> 1;
  const top = histogram.length - 1;
  let total = 0;
  for (let k = 0; k < count; k++) {
    const i = indices[k]!;
    const y = (i / width) | 0;
    const h = (y >> 1) * halfWidth + ((i - y * width) >> 1);
    const bin = ((wideValueMean[h]! / wideWeightMean[h]!) * top + 0.5) | 0;
    const wi = weight[i]!;
    histogram[bin < 0 ? 0 : bin > top ? top : bin]! += wi;
    total += wi;
  }
  return total;
}

/** The value (0..1) below which `fraction` of the histogram's weight lies. */
function percentile(histogram: Float64Array, total: number, fraction: number): number {
  const target = fraction * total;
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    seen += histogram[bin]!;
    if (seen >= target) return bin / (histogram.length - 1);
  }
  return 1;
}
