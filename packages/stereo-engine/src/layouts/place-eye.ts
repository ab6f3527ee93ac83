import type { Frame, Plane } from '../frame.js';

/**
 * Copies one eye into its region of a side-by-side or top-bottom output, every plane, optionally squeezed 2:1.
 *
 * The region is `[offset, offset + extent)` along `axis`, in full-resolution pixels; for a subsampled plane it
 * becomes `[ceil(offset/2), ceil((offset + extent)/2))`, so when the region boundary falls inside a chroma
 * pixel (odd sizes) that chroma pixel belongs to the first eye. Output pixel t of a plane shows the eye at
 * `factor · (t − offset/sub)` (factor 2 when squeezed, sub 2 for yuv420p chroma):
 * - squeezed: a 2:1 box filter of eye pixels `2t − o` and `2t − o + 1` (o = 2·offset/sub, an integer) — the
 *   same pairing for both eyes, so squeezing adds no disparity;
 * - not squeezed: a copy, or, when the offset is half a chroma pixel (odd sizes), the average of the two eye
 *   pixels around the position, so chroma stays aligned with luma.
 * Eye indices past the plane's edge are clamped (the odd last column of a squeezed eye averages with itself).
 */
export function placeEye({ eye, out, axis, offset, extent, squeeze }: { eye: Frame; out: Frame; axis: 'x' | 'y'; offset: number; extent: number; squeeze: boolean }): void {
  const subsampled = eye.format === 'yuv420p';
  for (let p = 0; p < 3; p++) {
    const sub = subsampled && p > 0 ? 2 : 1;
    const source = eye.planes[p]!;
    const target = out.planes[p]!;
    const start = Math.ceil(offset / sub);
    const end = Math.min(Math.ceil((offset + extent) / sub), axis === 'x' ? target.width : target.height);
    const factor = squeeze ? 2 : 1;
    // Eye position of output index t: factor·t − shift (shift may be x.5 only when not squeezed).
    const shift = (factor * offset) / sub;
    if (axis === 'x') placeColumns({ source, target, start, end, factor, shift });
    else placeRows({ source, target, start, end, factor, shift });
  }
}

/** The two eye indices (clamped) whose average is output index t; equal when it is a plain copy. */
function taps(t: number, factor: number, shift: number, size: number): [number, number] {
  const position = factor * t - shift;
  const a = Math.floor(position);
  const b = factor === 1 && a === position ? a : a + 1;
  const last = size - 1;
  return [a < 0 ? 0 : a > last ? last : a, b < 0 ? 0 : b > last ? last : b];
}

function placeColumns({ source, target, start, end, factor, shift }: { source: Plane; target: Plane; start: number; end: number; factor: number; shift: number }): void {
  if (end <= start) return;
  const { height } = target;
  const src = source.data;
  const dst = target.data;
  const sw = source.width;
  const tw = target.width;
  const [firstA, firstB] = taps(start, factor, shift, sw);
  const [lastA, lastB] = taps(end - 1, factor, shift, sw);
  // A whole-row copy when every output pixel is exactly one eye pixel (full layouts, even sizes).
  if (factor === 1 && firstA === firstB && lastA === lastB && lastA - firstA === end - 1 - start) {
    for (let y = 0; y < height; y++) dst.set(src.subarray(y * sw + firstA, y * sw + lastA + 1), y * tw + start);
    return;
  }
  const count = end - start;
  // A plain 2:1 squeeze when no tap is clamped (half layouts, even sizes): pixel pairs read straight from the row.
  if (factor === 2 && firstB === firstA + 1 && lastA === firstA + 2 * (count - 1) && lastB === lastA + 1) {
    for (let y = 0; y < height; y++) {
      const s = y * sw + firstA;
      const d = y * tw + start;
      for (let i = 0; i < count; i++) dst[d + i] = (src[s + 2 * i]! + src[s + 2 * i + 1]! + 1) >> 1;
    }
    return;
  }
  // Column taps computed once, then rows in memory order.
  const tapA = new Int32Array(count);
  const tapB = new Int32Array(count);
  for (let i = 0; i < count; i++) [tapA[i], tapB[i]] = taps(start + i, factor, shift, sw);
  for (let y = 0; y < height; y++) {
    const s = y * sw;
    const d = y * tw + start;
    for (let i = 0; i < count; i++) dst[d + i] = (src[s + tapA[i]!]! + src[s + tapB[i]!]! + 1) >> 1;
  }
}

function placeRows({ source, target, start, end, factor, shift }: { source: Plane; target: Plane; start: number; end: number; factor: number; shift: number }): void {
  const { width } = target;
  const src = source.data;
  const dst = target.data;
  for (let t = start; t < end; t++) {
    const [a, b] = taps(t, factor, shift, source.height);
    const rowA = a * width;
    const d = t * width;
    if (a === b) {
      dst.set(src.subarray(rowA, rowA + width), d);
      continue;
    }
    const rowB = b * width;
    for (let x = 0; x < width; x++) dst[d + x] = (src[rowA + x]! + src[rowB + x]! + 1) >> 1;
  }
}
