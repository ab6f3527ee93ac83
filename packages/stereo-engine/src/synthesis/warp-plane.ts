import type { Plane } from '../frame.js';
import type { FloatMap } from './float-map.js';

/**
 * Neighbouring source pixels that land further apart than this (in target pixels) straddle a disocclusion: the
 * span between them is background that was hidden, not a stretched surface to interpolate across.
 */
const MAX_STRETCH = 2;

/**
 * Per-row buffers reused across rows and calls (grown on demand). For each target pixel of the row: the source
 * pixel `index` and the weight `frac` of its right neighbour (value = src[i] + frac·(src[i+1] − src[i]));
 * index −1 = nothing drawn yet.
 */
export interface WarpScratch {
  index: Int32Array;
  frac: Float32Array;
}

export function createWarpScratch(): WarpScratch {
  return { index: new Int32Array(0), frac: new Float32Array(0) };
}

/**
 * Forward-warps `source` into `target` (same size, different buffers), row by row: the pixel at x moves to
 * `x + shiftScale · disparity[x]`, sub-pixel. See `warpPlanes`, which warps several planes sharing one geometry.
 */
export function warpPlane({ source, target, disparity, shiftScale, scratch }: { source: Plane; target: Plane; disparity: FloatMap; shiftScale: number; scratch?: WarpScratch }): Plane {
  warpPlanes({ sources: [source], targets: [target], disparity, shiftScale, scratch });
  return target;
}

/**
 * Forward-warps planes of one size that move together (the three gbrp planes, the two yuv420p chroma planes):
 * the pixel at x moves to `x + shiftScale · disparity[x]`, sub-pixel. The geometry of each row is traced once
 * and applied to every plane.
 *
 * - **Sub-pixel**: between two neighbouring source pixels the target pixels are linearly interpolated (a
 *   scanline "rubber sheet"), so a uniform shift of k.5 pixels is a half-pixel resample and an integer shift is
 *   an exact copy.
 * - **Nearer wins**, by drawing order rather than a z-buffer: where two source pixels land on the same target
 *   pixel, the one on the side the view shifts away from is the nearer (for shiftScale > 0, x1 < x2 landing
 *   together means d1 > d2). So rows are drawn against the shift direction and later writes overwrite earlier
 *   ones (McMillan's occlusion-compatible order). This needs `disparity` to grow with nearness
 *   (divergence ≥ 0, foregroundScale ≥ 0).
 * - **Holes** — neighbours landing more than `MAX_STRETCH` apart (a disocclusion), or the row end the view moved
 *   away from — take the value of the *farther* side: the revealed area is background, and copying the
 *   background (not a blend with the object) keeps the object's edge sharp. Each of the two pixels keeps its own
 *   half-pixel footprint, so the near object keeps its width. Hole filling never covers a real sample.
 *
 * `disparity` must have the planes' size (see `resampleMap`). Left eye: `shiftScale` +½ (near moves right),
 * right eye −½; the chroma planes of yuv420p use ±¼ with the disparity resampled to chroma size, since a chroma
 * pixel is two output pixels wide.
 */
export function warpPlanes({
  sources,
  targets,
  disparity,
  shiftScale,
  scratch,
}: {
  sources: readonly Plane[];
  targets: readonly Plane[];
  disparity: FloatMap;
  shiftScale: number;
  scratch?: WarpScratch;
}): void {
  const { width, height } = disparity;
  if (sources.length !== targets.length) throw new Error('warpPlanes: as many targets as sources');
  sources.forEach((source, i) => {
    const target = targets[i]!;
    if (source.width !== width || source.height !== height || target.width !== width || target.height !== height) {
      throw new Error(`warpPlanes: sizes differ (source ${source.width}x${source.height}, target ${target.width}x${target.height}, disparity ${width}x${height})`);
    }
    if (target.data === source.data) throw new Error('warpPlanes: a target must not share its source buffer');
  });
  if (width === 1) {
    // One column: nothing to shift against, and no right neighbour to interpolate with.
    sources.forEach((source, i) => targets[i]!.data.set(source.data));
    return;
  }
  const work = scratch ?? createWarpScratch();
  if (work.index.length < width) {
    work.index = new Int32Array(width);
    work.frac = new Float32Array(width);
  }
  const { index, frac } = work;
  const disp = disparity.data;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    index.fill(-1, 0, width);
    if (shiftScale < 0) traceRowForward(disp, row, width, shiftScale, index, frac);
    else traceRowBackward(disp, row, width, shiftScale, index, frac);
    fillRowEnds(disp, row, width, index, frac);
    for (let i = 0; i < sources.length; i++) applyRow(sources[i]!.data, targets[i]!.data, row, width, index, frac);
  }
}

/** Leftward shift: draw left to right, so the nearer of two pixels landing together comes last. */
function traceRowForward(disp: Float32Array, row: number, width: number, s: number, index: Int32Array, frac: Float32Array): void {
  let x0 = 0;
  let z0 = disp[row]!;
  let t0 = s * z0;
  // The row end we start from keeps its outer half footprint (drawn first: it is the farthest back).
  drawConstant(index, frac, width, t0 - 0.5, t0, x0);
  for (let x1 = 1; x1 < width; x1++) {
    const z1 = disp[row + x1]!;
    const t1 = x1 + s * z1;
    const span = t1 - t0;
    if (span > 0 && span <= MAX_STRETCH) {
      // One surface between x0 and x1 = x0 + 1: interpolate the target pixels in (t0, t1]. (Inlined: hot.)
      let p = t0 < 0 ? 0 : (t0 | 0) + 1;
      const end = t1 >= width ? width - 1 : t1 < 0 ? -1 : t1 | 0;
      if (p === end) {
        // The common case, one pixel.
        index[p] = x0;
        frac[p] = (p - t0) / span;
      } else {
        const scale = 1 / span;
        for (; p <= end; p++) {
          index[p] = x0;
          frac[p] = (p - t0) * scale;
        }
      }
    } else {
      drawBreak(index, frac, width, x0, t0, z0, t1, z1);
    }
    x0 = x1;
    z0 = z1;
    t0 = t1;
  }
  drawConstant(index, frac, width, t0, t0 + 0.5, x0);
}

/** Rightward shift: draw right to left. */
function traceRowBackward(disp: Float32Array, row: number, width: number, s: number, index: Int32Array, frac: Float32Array): void {
  let x1 = width - 1;
  let z1 = disp[row + x1]!;
  let t1 = x1 + s * z1;
  drawConstant(index, frac, width, t1, t1 + 0.5, x1);
  for (let x0 = width - 2; x0 >= 0; x0--) {
    const z0 = disp[row + x0]!;
    const t0 = x0 + s * z0;
    const span = t1 - t0;
    if (span > 0 && span <= MAX_STRETCH) {
      // One surface between x0 and x1 = x0 + 1: interpolate the target pixels in (t0, t1]. (Inlined: hot.)
      let p = t0 < 0 ? 0 : (t0 | 0) + 1;
      const end = t1 >= width ? width - 1 : t1 < 0 ? -1 : t1 | 0;
      if (p === end) {
        // The common case, one pixel.
        index[p] = x0;
        frac[p] = (p - t0) / span;
      } else {
        const scale = 1 / span;
        for (; p <= end; p++) {
          index[p] = x0;
          frac[p] = (p - t0) * scale;
        }
      }
    } else {
      drawBreak(index, frac, width, x0, t0, z0, t1, z1);
    }
    x1 = x0;
    z1 = z0;
    t1 = t0;
  }
  drawConstant(index, frac, width, t1 - 0.5, t1, x1);
}

/**
 * Neighbours x0 and x0 + 1 landing too far apart (a disocclusion) or in reverse order (an occlusion): each keeps
 * its own half-pixel footprint — the farther drawn first so the nearer wins where they overlap — and the span
 * between is hidden background, filled with the farther pixel but never over a real sample.
 */
function drawBreak(index: Int32Array, frac: Float32Array, width: number, x0: number, t0: number, z0: number, t1: number, z1: number): void {
  const x1 = x0 + 1;
  if (z0 <= z1) {
    drawConstant(index, frac, width, t0, t0 + 0.5, x0);
    drawConstant(index, frac, width, t1 - 0.5, t1, x1);
  } else {
    drawConstant(index, frac, width, t1 - 0.5, t1, x1);
    drawConstant(index, frac, width, t0, t0 + 0.5, x0);
  }
  if (t1 - t0 > MAX_STRETCH) fillHoles(index, frac, width, t0 + 0.5, t1 - 0.5, z0 <= z1 ? x0 : x1);
}

/** Target pixels whose centre lies in (from, to], clamped to the row. */
function firstPixel(from: number): number {
  return from < 0 ? 0 : Math.floor(from) + 1;
}
function lastPixel(to: number, width: number): number {
  return to >= width ? width - 1 : Math.floor(to);
}

/** Source pixel `x` as an (index, frac) pair that never reads past the row end (x = width − 1 → (width − 2, 1)). */
function drawConstant(index: Int32Array, frac: Float32Array, width: number, from: number, to: number, x: number): void {
  const i = x < width - 1 ? x : width - 2;
  const f = x < width - 1 ? 0 : 1;
  const end = lastPixel(to, width);
  for (let p = firstPixel(from); p <= end; p++) {
    index[p] = i;
    frac[p] = f;
  }
}

/** Like `drawConstant`, but only where nothing has been drawn. */
function fillHoles(index: Int32Array, frac: Float32Array, width: number, from: number, to: number, x: number): void {
  const i = x < width - 1 ? x : width - 2;
  const f = x < width - 1 ? 0 : 1;
  const end = lastPixel(to, width);
  for (let p = firstPixel(from); p <= end; p++) {
    if (index[p]! < 0) {
      index[p] = i;
      frac[p] = f;
    }
  }
}

/**
 * Whatever is still undrawn (the strip at the row end the view moved away from) repeats its drawn neighbour —
 * the farther one when there are two; a row where nothing landed keeps the source row.
 */
function fillRowEnds(disp: Float32Array, row: number, width: number, index: Int32Array, frac: Float32Array): void {
  let x = 0;
  while (x < width) {
    if (index[x]! >= 0) {
      x++;
      continue;
    }
    let end = x + 1;
    while (end < width && index[end]! < 0) end++;
    // The farther of the two drawn neighbours (its source pixel's disparity), else the only one.
    let from = x > 0 ? x - 1 : end;
    if (x > 0 && end < width) {
      const leftDepth = disp[row + index[x - 1]! + Math.round(frac[x - 1]!)]!;
      const rightDepth = disp[row + index[end]! + Math.round(frac[end]!)]!;
      if (rightDepth < leftDepth) from = end;
    }
    const nothingDrawn = from >= width;
    for (let p = x; p < end; p++) {
      // A row where nothing landed (every pixel shifted out) keeps the source row.
      index[p] = nothingDrawn ? Math.min(p, width - 2) : index[from]!;
      frac[p] = nothingDrawn ? (p < width - 1 ? 0 : 1) : frac[from]!;
    }
    x = end;
  }
}

/** value = src[i] + frac · (src[i + 1] − src[i]), rounded. */
function applyRow(src: Uint8Array, dst: Uint8Array, row: number, width: number, index: Int32Array, frac: Float32Array): void {
  for (let p = 0; p < width; p++) {
    const i = row + index[p]!;
    const a = src[i]!;
    dst[row + p] = (a + frac[p]! * (src[i + 1]! - a) + 0.5) | 0;
  }
}
