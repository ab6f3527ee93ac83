import type { DepthMap, Frame } from '../frame.js';
import type { StereoParams } from '../stereo-params.js';
import { reuseFrame } from './allocate-frame.js';
import { dilateDepth } from './dilate-depth.js';
import { disparityFromDepth } from './disparity-from-depth.js';
import type { FloatMap } from './float-map.js';
import { createWarpScratch, warpPlanes, type PlaneRegion, type WarpScratch } from './warp-plane.js';
import { warpYuv420 } from './warp-yuv420.js';

/**
 * Buffers reused from frame to frame (one per worker): the low-resolution maps, the two eye frames (when the
 * eyes are not drawn straight into a layout) and the warp's row buffers. They are resized when sizes change.
 */
export interface SynthesisScratch {
  dilated?: FloatMap;
  disparity?: FloatMap;
  left?: Frame;
  right?: Frame;
  warp: WarpScratch;
}

export function createSynthesisScratch(): SynthesisScratch {
  return { warp: createWarpScratch() };
}

/** Where each plane of an eye is drawn (see `PlaneRegion`): the eye's place in a layout, or an eye frame. */
export type EyeRegions = readonly [PlaneRegion, PlaneRegion, PlaneRegion];

/** The regions covering a whole frame's planes. */
export function regionsOf(frame: Frame): EyeRegions {
  const [a, b, c] = frame.planes.map((plane) => ({ data: plane.data, offset: 0, stride: plane.width }));
  return [a!, b!, c!];
}

/**
 * The two eyes of `frame` seen with `depth` (any resolution, 1 = nearest), returned as frames: see
 * `drawViews`. With `scratch`, the returned eye frames are scratch buffers overwritten by the next call;
 * without, they are new. With `symmetric: false` the left view **is** `frame` (same object, not copied).
 */
export function synthesizeViews({ frame, depth, params, scratch }: { frame: Frame; depth: DepthMap; params: StereoParams; scratch?: SynthesisScratch }): { left: Frame; right: Frame } {
  const work = scratch ?? createSynthesisScratch();
  const { width, height, format } = frame;
  const right = (work.right = reuseFrame(work.right, format, width, height));
  const left = params.symmetric ? (work.left = reuseFrame(work.left, format, width, height)) : frame;
  drawViews({ frame, depth, params, scratch: work, left: params.symmetric ? regionsOf(left) : undefined, right: regionsOf(right) });
  return { left, right };
}

/**
 * Draws the two eyes of `frame` seen with `depth` into `left` and `right` (each plane of the frame's size, or a
 * region of a bigger plane — an eye's place in a side-by-side frame): the depth is dilated (`edgeDilation`),
 * turned into disparity `d` in output pixels (`disparityFromDepth`) at the depth map's resolution, and each
 * plane is forward-warped (`warpPlanes`, which resamples the disparity row by row).
 *
 * - `symmetric` (default): left view shifted by +d/2, right view by −d/2, so a point sits at x_L − x_R = d —
 *   crossed (positive) for what is nearer than the convergence plane, uncrossed behind it.
 * - `symmetric: false`: the left view is the frame itself, copied into `left` (nothing is drawn when `left` is
 *   omitted), and the right view is shifted by −d.
 *
 * yuv420p chroma planes move by the same distance (half as many of their pixels), with the geometry traced for
 * their luma (`warpYuv420`); gbrp planes all use the full shift. Requires divergence ≥ 0 and foregroundScale ≥ 0
 * (disparity must grow with nearness for the warp's nearer-wins ordering).
 */
export function drawViews({ frame, depth, params, scratch, left, right }: { frame: Frame; depth: DepthMap; params: StereoParams; scratch?: SynthesisScratch; left?: EyeRegions; right: EyeRegions }): void {
  if (!(params.divergence >= 0) || !(params.foregroundScale >= 0)) {
    throw new RangeError(`synthesizeViews: divergence (${params.divergence}) and foregroundScale (${params.foregroundScale}) must be ≥ 0`);
  }
  if (depth.width < 1 || depth.height < 1 || depth.data.length !== depth.width * depth.height) {
    throw new RangeError(`synthesizeViews: depth map ${depth.width}x${depth.height} holds ${depth.data.length} values`);
  }
  const work = scratch ?? createSynthesisScratch();
  const dilated = params.edgeDilation > 0 ? (work.dilated = dilateDepth({ depth, radius: params.edgeDilation, frameWidth: frame.width, out: work.dilated })) : depth;
  const disparity = (work.disparity = disparityFromDepth({ depth: dilated, frameWidth: frame.width, params, out: work.disparity }));
  if (params.symmetric) {
    if (left) warpFrame({ source: frame, target: left, disparity, shiftScale: 0.5, warp: work.warp });
  } else if (left) copyFrame(frame, left);
  warpFrame({ source: frame, target: right, disparity, shiftScale: params.symmetric ? -0.5 : -1, warp: work.warp });
}

/** Warps every plane: gbrp planes together; yuv420p with one geometry per chroma pixel's 2×2 luma (`warpYuv420`). */
function warpFrame({ source, target, disparity, shiftScale, warp }: { source: Frame; target: EyeRegions; disparity: FloatMap; shiftScale: number; warp: WarpScratch }): void {
  if (source.format === 'gbrp') warpPlanes({ sources: source.planes, targets: target, disparity, shiftScale, scratch: warp });
  else warpYuv420({ source, target, disparity, shiftScale, scratch: warp });
}

function copyFrame(frame: Frame, target: EyeRegions): void {
  frame.planes.forEach((plane, p) => {
    const { data, offset, stride } = target[p]!;
    if (data === plane.data && offset === 0) return;
    for (let y = 0; y < plane.height; y++) data.set(plane.data.subarray(y * plane.width, (y + 1) * plane.width), offset + y * stride);
  });
}
