import { boxMean } from './box-mean.js';
import { reuseFloatImage, type FloatImage } from './float-image.js';

/**
 * Guided filter (He, Sun & Tang): smooths `input` while keeping the edges of `guide`. Locally the output is a
 * linear function of the guide, a·I + b, fitted over each (2r+1)² window; where the guide is flat relative to
 * `epsilon` (a variance, in guide units²) it degenerates to a box blur, where the guide has a strong edge the
 * output follows that edge — so depth snaps to object outlines in the luma instead of bleeding across them.
 * Cost: six box means, O(1) per pixel.
 */
export function guidedFilter({ guide, input, radius, epsilon, out }: { guide: FloatImage; input: FloatImage; radius: number; epsilon: number; out?: FloatImage }): FloatImage {
  const { width, height } = input;
  if (guide.width !== width || guide.height !== height) throw new Error(`guidedFilter: guide ${guide.width}x${guide.height} vs input ${width}x${height}`);
  const n = width * height;
  const I = guide.data;
  const p = input.data;
  const products = { data: new Float32Array(n), width, height };
  const scratch = { data: new Float32Array(n), width, height };
  const meanI = boxMean({ input: guide, radius, scratch });
  const meanP = boxMean({ input, radius, scratch });
  for (let i = 0; i < n; i++) products.data[i] = I[i]! * p[i]!;
  const meanIP = boxMean({ input: products, radius, scratch });
  for (let i = 0; i < n; i++) products.data[i] = I[i]! * I[i]!;
  const meanII = boxMean({ input: products, radius, scratch });
  // a and b per window, written over meanIP / meanII (no longer needed).
  const a = meanIP.data;
  const b = meanII.data;
  for (let i = 0; i < n; i++) {
    const mI = meanI.data[i]!;
    const mP = meanP.data[i]!;
    const varI = b[i]! - mI * mI;
    const ai = (a[i]! - mI * mP) / (varI + epsilon);
    a[i] = ai;
    b[i] = mP - ai * mI;
  }
  const meanA = boxMean({ input: meanIP, radius, scratch, out: meanI });
  const meanB = boxMean({ input: meanII, radius, scratch, out: meanP });
  const result = reuseFloatImage(out, width, height);
  for (let i = 0; i < n; i++) result.data[i] = meanA.data[i]! * I[i]! + meanB.data[i]!;
  return result;
}
