import type { Plane } from '../frame.js';
import type { FloatMap } from './float-map.js';
import { RowDisparity } from './row-disparity.js';

/**
 * Neighbouring source pixels that land further apart than this (in target pixels) straddle a disocclusion: the
 * span between them is background that was hidden, not a stretched surface to interpolate across.
 */
const MAX_STRETCH = 2;

/**
 * Where a warped plane is written: pixel (x, y) goes to `data[offset + y·stride + x]`. A `Plane` is the region
 * with offset 0 and stride = width; a region inside a bigger plane lets an eye be drawn straight into its place
 * in a side-by-side or top-bottom frame, without an eye-sized copy.
 */
export interface PlaneRegion {
  data: Uint8Array;
  offset: number;
  stride: number;
}

/**
 * Buffers reused across rows and calls (grown on demand). For each target pixel of a row: the source pixel
 * `index` and the weight `frac` of its right neighbour (value = src[i] + frac·(src[i+1] − src[i])); index −1 =
 * nothing drawn yet. `row`: the row's disparity.
 */
export interface WarpScratch {
  index: Int32Array;
  frac: Float32Array;
  row: RowDisparity;
}

export function createWarpScratch(): WarpScratch {
  return { index: new Int32Array(0), frac: new Float32Array(0), row: new RowDisparity() };
}

/** `work`'s row buffers, grown to hold a row `width` wide. */
export function rowBuffers(work: WarpScratch, width: number): WarpScratch {
  if (work.index.length < width) {
    work.index = new Int32Array(width);
    work.frac = new Float32Array(width);
  }
  return work;
}

/**
 * Forward-warps `source` into `target` (same size, different buffers), row by row: the pixel at x moves to
 * `x + shiftScale · disparity[x]`, sub-pixel. See `warpPlanes`, which warps several planes sharing one geometry.
 */
export function warpPlane({ source, target, disparity, shiftScale, scratch }: { source: Plane; target: Plane | PlaneRegion; disparity: FloatMap; shiftScale: number; scratch?: WarpScratch }): void {
  warpPlanes({ sources: [source], targets: [target], disparity, shiftScale, scratch });
}

/** The region `source` is warped into, checked: the source's size, inside its buffer, not overlapping the source. */
export function targetRegion(source: Plane, target: Plane | PlaneRegion): PlaneRegion {
  const { width, height } = source;
  if ('width' in target && (target.width !== width || target.height !== height)) {
    throw new Error(`warpPlanes: sizes differ (source ${width}x${height}, target ${target.width}x${target.height})`);
  }
  const region = 'stride' in target ? target : { data: target.data, offset: 0, stride: target.width };
  if (region.stride < width || region.offset < 0 || region.offset + (height - 1) * region.stride + width > region.data.length) {
    throw new Error(`warpPlanes: a ${width}x${height} plane does not fit its target region`);
  }
  if (region.data.buffer === source.data.buffer && region.data.byteOffset + region.data.length > source.data.byteOffset && source.data.byteOffset + source.data.length > region.data.byteOffset) {
    throw new Error('warpPlanes: a target must not overlap its source');
  }
  return region;
}

/**
 * Forward-warps planes of one size that move together (the three gbrp planes; yuv420p frames go through
 * `warpYuv420`, which traces luma and chroma once, and come here only when too narrow for that):
 * the pixel at x moves to `x + shiftScale · disparity[x]`, sub-pixel. The geometry of each row is traced once
 * and applied to every plane.
 *
 * - **Disparity at any resolution**, bilinearly upsampled (`RowDisparity`): where it is linear — between two
 *   columns of a low-resolution map — a whole run of pixels is traced at once, and no full-size map is built.
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
 * Left eye: `shiftScale` +½ (near moves right), right eye −½, in the planes' own pixels (so ±¼ for a half-width
 * chroma plane warped here). Targets are planes of the sources' size or regions of bigger planes.
 */
export function warpPlanes({
  sources,
  targets,
  disparity,
  shiftScale,
  scratch,
}: {
  sources: readonly Plane[];
  targets: readonly (Plane | PlaneRegion)[];
  disparity: FloatMap;
  shiftScale: number;
  scratch?: WarpScratch;
}): void {
  if (sources.length !== targets.length || sources.length === 0) throw new Error('warpPlanes: one target per source');
  const { width, height } = sources[0]!;
  const regions = sources.map((source, i) => {
    if (source.width !== width || source.height !== height) throw new Error(`warpPlanes: sizes differ (source ${source.width}x${source.height}, first source ${width}x${height})`);
    return targetRegion(source, targets[i]!);
  });
  if (width === 1) {
    // One column: nothing to shift against, and no right neighbour to interpolate with.
    sources.forEach((source, i) => {
      const { data, offset, stride } = regions[i]!;
      for (let y = 0; y < height; y++) data[offset + y * stride] = source.data[y]!;
    });
    return;
  }
  const { index, frac, row } = rowBuffers(scratch ?? createWarpScratch(), width);
  for (let y = 0; y < height; y++) {
    row.load({ map: disparity, y, width, height });
    const first = regions[0]!;
    traceRow(row, width, shiftScale, { index, frac, src: sources[0]!.data, from: y * width, dst: first.data, to: first.offset + y * first.stride });
    for (let i = 1; i < sources.length; i++) {
      const region = regions[i]!;
      applyRow(sources[i]!.data, y * width, region.data, region.offset + y * region.stride, width, index, frac);
    }
  }
}

/**
 * Draws one row whose disparity `row` holds: every target pixel gets its (index, frac) in `canvas`, and the
 * canvas's plane is sampled on the way.
 */
export function traceRow(row: RowDisparity, width: number, shiftScale: number, canvas: RowCanvas): void {
  canvas.index.fill(-1, 0, width);
  if (shiftScale < 0) traceRowForward(row, width, shiftScale, canvas);
  else traceRowBackward(row, width, shiftScale, canvas);
  fillUndrawn(row, width, canvas);
}

/**
 * One row being drawn: for each target pixel p the source pixel `index[p]` and the weight `frac[p]` of its right
 * neighbour (−1: nothing drawn yet), and the first plane sampled as it goes — source row at `src[from]`, target
 * row at `dst[to]`, and with `pair` the next row too (source at `src[pairFrom]`, target at `dst[pairTo]`: two rows
 * sharing one geometry) — so they need no second pass; the other planes are sampled afterwards from
 * (index, frac) (`applyRow`).
 */
export interface RowCanvas {
  index: Int32Array;
  frac: Float32Array;
  src: Uint8Array;
  from: number;
  dst: Uint8Array;
  to: number;
  pair?: boolean;
  pairFrom?: number;
  pairTo?: number;
}

/** src[i] + frac · (src[i + 1] − src[i]), rounded (frac a float32, as `WarpScratch.frac` holds it). */
export function sample(src: Uint8Array, i: number, frac: number): number {
  const a = src[i]!;
  return (a + frac * (src[i + 1]! - a) + 0.5) | 0;
}

/**
 * Leftward shift: draw left to right, so the nearer of two pixels landing together comes last. Pixels go by the
 * linear pieces of the disparity (`RowDisparity` knots): inside a piece every neighbour pair has the same span,
 * so the piece is either one stretch of surface (filled in one loop) or a run of breaks.
 */
function traceRowForward(row: RowDisparity, width: number, s: number, canvas: RowCanvas): void {
  const { knots, z, count } = row;
  let x0 = 0;
  let z0 = z[0]!;
  let t0 = s * z0;
  // The row end we start from keeps its outer half footprint (drawn first: it is the farthest back).
  drawConstant(canvas, width, t0 - 0.5, t0, x0);
  for (let j = 1; j < count; j++) {
    const x1 = knots[j]!;
    const z1 = z[j]!;
    const t1 = x1 + s * z1;
    const span = (t1 - t0) / (x1 - x0);
    if (span > 0 && span <= MAX_STRETCH) fillSurface(canvas, width, x0, t0, x1, t1);
    else for (let x = x0; x < x1; x++) drawPieceBreak(canvas, width, s, x, x0, z0, x1, z1);
    x0 = x1;
    z0 = z1;
    t0 = t1;
  }
  drawConstant(canvas, width, t0, t0 + 0.5, x0);
}

/** Rightward shift: draw right to left. */
function traceRowBackward(row: RowDisparity, width: number, s: number, canvas: RowCanvas): void {
  const { knots, z, count } = row;
  let x1 = knots[count - 1]!;
  let z1 = z[count - 1]!;
  let t1 = x1 + s * z1;
  drawConstant(canvas, width, t1, t1 + 0.5, x1);
  for (let j = count - 2; j >= 0; j--) {
    const x0 = knots[j]!;
    const z0 = z[j]!;
    const t0 = x0 + s * z0;
    const span = (t1 - t0) / (x1 - x0);
    if (span > 0 && span <= MAX_STRETCH) fillSurface(canvas, width, x0, t0, x1, t1);
    else for (let x = x1 - 1; x >= x0; x--) drawPieceBreak(canvas, width, s, x, x0, z0, x1, z1);
    x1 = x0;
    z1 = z0;
    t1 = t0;
  }
  drawConstant(canvas, width, t1 - 0.5, t1, x1);
}

/** The break between x and x + 1 inside a linear piece from (x0, z0) to (x1, z1). */
function drawPieceBreak(canvas: RowCanvas, width: number, s: number, x: number, x0: number, z0: number, x1: number, z1: number): void {
  const za = z0 + ((z1 - z0) * (x - x0)) / (x1 - x0);
  const zb = z0 + ((z1 - z0) * (x + 1 - x0)) / (x1 - x0);
  drawBreak(canvas, width, x, x + s * za, za, x + 1 + s * zb, zb);
}

/**
 * One stretch of surface: source pixels x0..x1 (x0 < x1) landing at t0 < t1, linearly. Target pixels in
 * (t0, t1] show the source at the inverse position, as (index, frac) with index < x1 (never reads past x1).
 */
function fillSurface(canvas: RowCanvas, width: number, x0: number, t0: number, x1: number, t1: number): void {
  const { index, frac, src, from, dst, to } = canvas;
  const pair = canvas.pair === true;
  const pairFrom = canvas.pairFrom ?? 0;
  const pairTo = canvas.pairTo ?? 0;
  const end = t1 >= width ? width - 1 : t1 < 0 ? -1 : Math.floor(t1);
  const scale = (x1 - x0) / (t1 - t0);
  const last = x1 - 1;
  for (let p = t0 < 0 ? 0 : Math.floor(t0) + 1; p <= end; p++) {
    const pos = x0 + (p - t0) * scale;
    let i = pos | 0;
    if (i > last) i = last;
    else if (i < x0) i = x0;
    const f = Math.fround(pos - i);
    index[p] = i;
    frac[p] = f;
    dst[to + p] = sample(src, from + i, f);
    if (pair) dst[pairTo + p] = sample(src, pairFrom + i, f);
  }
}

/**
 * Neighbours x0 and x0 + 1 landing too far apart (a disocclusion) or in reverse order (an occlusion): each keeps
 * its own half-pixel footprint — the farther drawn first so the nearer wins where they overlap — and the span
 * between is hidden background, filled with the farther pixel but never over a real sample.
 */
function drawBreak(canvas: RowCanvas, width: number, x0: number, t0: number, z0: number, t1: number, z1: number): void {
  const x1 = x0 + 1;
  if (z0 <= z1) {
    drawConstant(canvas, width, t0, t0 + 0.5, x0);
    drawConstant(canvas, width, t1 - 0.5, t1, x1);
  } else {
    drawConstant(canvas, width, t1 - 0.5, t1, x1);
    drawConstant(canvas, width, t0, t0 + 0.5, x0);
  }
  if (t1 - t0 > MAX_STRETCH) fillHoles(canvas, width, t0 + 0.5, t1 - 0.5, z0 <= z1 ? x0 : x1);
}

/** Target pixels whose centre lies in (from, to], clamped to the row. */
function firstPixel(from: number): number {
  return from < 0 ? 0 : Math.floor(from) + 1;
}
function lastPixel(to: number, width: number): number {
  return to >= width ? width - 1 : Math.floor(to);
}

/** Source pixel `x` as an (index, frac) pair that never reads past the row end (x = width − 1 → (width − 2, 1)). */
function drawConstant(canvas: RowCanvas, width: number, from: number, to: number, x: number): void {
  paint(canvas, firstPixel(from), lastPixel(to, width) + 1, x, width, false);
}

/** Like `drawConstant`, but only where nothing has been drawn. */
function fillHoles(canvas: RowCanvas, width: number, from: number, to: number, x: number): void {
  paint(canvas, firstPixel(from), lastPixel(to, width) + 1, x, width, true);
}

/** Target pixels [start, end) show source pixel `x` (all of them, or with `onlyUndrawn` those still undrawn). */
function paint(canvas: RowCanvas, start: number, end: number, x: number, width: number, onlyUndrawn: boolean): void {
  const { index, frac, src, from, dst, to } = canvas;
  const pair = canvas.pair === true;
  const pairTo = canvas.pairTo ?? 0;
  const i = x < width - 1 ? x : width - 2;
  const f = x < width - 1 ? 0 : 1;
  const value = sample(src, from + i, f);
  const pairValue = pair ? sample(src, (canvas.pairFrom ?? 0) + i, f) : 0;
  for (let p = start; p < end; p++) {
    if (onlyUndrawn && index[p]! >= 0) continue;
    index[p] = i;
    frac[p] = f;
    dst[to + p] = value;
    if (pair) dst[pairTo + p] = pairValue;
  }
}

/**
 * Whatever is still undrawn (the strip at the row end the view moved away from, or a gap) repeats its drawn
 * neighbour — the farther one when there are two; a row where nothing landed keeps the source row.
 */
function fillUndrawn(row: RowDisparity, width: number, canvas: RowCanvas): void {
  const { index, frac, src, from, dst, to } = canvas;
  // indexOf is a native scan: far cheaper than a loop over a row that is nearly always fully drawn.
  for (let x = index.indexOf(-1); x >= 0 && x < width; x = index.indexOf(-1, x)) {
    let end = x + 1;
    while (end < width && index[end]! < 0) end++;
    // The farther of the two drawn neighbours (its source pixel's disparity), else the only one.
    let source = x > 0 ? x - 1 : end;
    if (x > 0 && end < width) {
      const leftDepth = row.at(index[x - 1]! + Math.round(frac[x - 1]!));
      const rightDepth = row.at(index[end]! + Math.round(frac[end]!));
      if (rightDepth < leftDepth) source = end;
    }
    if (source >= width) {
      // Nothing landed (every pixel shifted out): the row keeps the source row.
      for (let p = x; p < end; p++) {
        index[p] = Math.min(p, width - 2);
        frac[p] = p < width - 1 ? 0 : 1;
      }
      dst.set(src.subarray(from + x, from + end), to + x);
      if (canvas.pair) dst.set(src.subarray(canvas.pairFrom! + x, canvas.pairFrom! + end), canvas.pairTo! + x);
    } else {
      index.fill(index[source]!, x, end);
      frac.fill(frac[source]!, x, end);
      dst.fill(dst[to + source]!, to + x, to + end);
      if (canvas.pair) dst.fill(dst[canvas.pairTo! + source]!, canvas.pairTo! + x, canvas.pairTo! + end);
    }
    x = end;
  }
}

/** Samples a plane by the traced (index, frac) of a row: source row at `from`, target row at `to`. */
export function applyRow(src: Uint8Array, from: number, dst: Uint8Array, to: number, width: number, index: Int32Array, frac: Float32Array): void {
  for (let p = 0; p < width; p++) dst[to + p] = sample(src, from + index[p]!, frac[p]!);
}
