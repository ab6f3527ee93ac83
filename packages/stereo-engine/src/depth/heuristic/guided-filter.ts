import { boxMean } from './box-mean.js';
import { reuseFloatImage, type FloatImage } from './float-image.js';

/**
 * Guided filter (He, Sun & Tang): smooths `input` while keeping the edges of `guide`. Locally the output is a
 * linear function of the guide, a·I + b, fitted over each (2r+1)² window; where the guide is flat relative to
 * `epsilon` (a variance, in guide units²) it degenerates to a box blur, where the guide has a strong edge the
 * output follows that edge — so depth snaps to object outlines in the luma instead of bleeding across them.
 * Cost: six box means, O(1) per pixel.
 */
/** Buffers `guidedFilter` may reuse between calls (filled in on first use, replaced when the size changes). */
export interface GuidedFilterScratch {
  products?: FloatImage;
  pass?: FloatImage;
  meanI?: FloatImage;
  meanP?: FloatImage;
  meanIP?: FloatImage;
  meanII?: FloatImage;
}

export function guidedFilter({ guide, input, radius, epsilon, out, scratch: s = {} }: { guide: FloatImage; input: FloatImage; radius: number; epsilon: number; out?: FloatImage; scratch?: GuidedFilterScratch }): FloatImage {
  const { width, height } = input;
  if (guide.width !== width || guide.height !== height) throw new Error(`guidedFilter: guide ${guide.width}x${guide.height} vs input ${width}x${height}`);
  const n = width * height;
  const I = guide.data;
  const p = input.data;
  const products = (s.products = reuseFloatImage(s.products, width, height));
  const scratch = (s.pass = reuseFloatImage(s.pass, width, height));
  const meanI = (s.meanI = boxMean({ input: guide, radius, scratch, out: s.meanI }));
  const meanP = (s.meanP = boxMean({ input, radius, scratch, out: s.meanP }));
  const prod = products.data;
  for (let i = 0; i < n; i++) prod[i] = I[i]! * p[i]!;
  const meanIP = (s.meanIP = boxMean({ input: products, radius, scratch, out: s.meanIP }));
  for (let i = 0; i < n; i++) prod[i] = I[i]! * I[i]!;
  const meanII = (s.meanII = boxMean({ input: products, radius, scratch, out: s.meanII }));
  // a and b per window, written over meanIP / meanII (no longer needed).
  const a = meanIP.data;
  const b = meanII.data;
  const mi = meanI.data;
  const mp = meanP.data;
  for (let i = 0; i < n; i++) {
    const mI = mi[i]!;
    const mP = mp[i]!;
    const varI = b[i]! - mI * mI;
    const ai = (a[i]! - mI * mP) / (varI + epsilon);
    a[i] = ai;
    b[i] = mP - ai * mI;
  }
  const meanA = boxMean({ input: meanIP, radius, scratch, out: meanI }).data;
  const meanB = boxMean({ input: meanII, radius, scratch, out: meanP }).data;
  const result = reuseFloatImage(out, width, height);
  const q = result.data;
  for (let i = 0; i < n; i++) q[i] = meanA[i]! * I[i]! + meanB[i]!;
  return result;
}
