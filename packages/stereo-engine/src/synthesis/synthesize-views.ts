import type { DepthMap, Frame } from '../frame.js';
import type { StereoParams } from '../stereo-params.js';
import { reuseFrame } from './allocate-frame.js';
import { dilateDepth } from './dilate-depth.js';
import { disparityFromDepth } from './disparity-from-depth.js';
import type { FloatMap } from './float-map.js';
import { createResampleScratch, resampleMap, type ResampleScratch } from './resample-map.js';
import { createWarpScratch, warpPlanes, type WarpScratch } from './warp-plane.js';

/**
 * Buffers reused from frame to frame (one per worker): intermediate maps and the two eye frames. They are
 * resized when the input size changes.
 */
export interface SynthesisScratch {
  dilated?: FloatMap;
  disparity?: FloatMap;
  /** Disparity at the frame's size (luma / every gbrp plane) and at the yuv420p chroma size. */
  planeDisparity?: FloatMap;
  chromaDisparity?: FloatMap;
  left?: Frame;
  right?: Frame;
  resample: ResampleScratch;
  warp: WarpScratch;
}

export function createSynthesisScratch(): SynthesisScratch {
  return { resample: createResampleScratch(), warp: createWarpScratch() };
}

/**
 * The two eyes of `frame` seen with `depth` (any resolution, 1 = nearest): the depth is dilated
 * (`edgeDilation`), turned into disparity `d` in output pixels (`disparityFromDepth`), and each plane is
 * forward-warped (`warpPlane`).
 *
 * - `symmetric` (default): left view shifted by +d/2, right view by −d/2, so a point sits at x_L − x_R = d —
 *   crossed (positive) for what is nearer than the convergence plane, uncrossed behind it.
 * - `symmetric: false`: the left view **is** `frame` (same object, not copied) and the right view is shifted
 *   by −d.
 *
 * yuv420p chroma planes use the disparity resampled to chroma size with half the shift (a chroma pixel is two
 * output pixels wide); gbrp planes all use the full-size disparity.
 *
 * With `scratch`, the returned eye frames are scratch buffers overwritten by the next call; without, they are
 * new. Requires divergence ≥ 0 and foregroundScale ≥ 0 (disparity must grow with nearness for the warp's
 * nearer-wins ordering).
 */
export function synthesizeViews({
  frame,
  depth,
  params,
  scratch,
}: {
  frame: Frame;
  depth: DepthMap;
  params: StereoParams;
  scratch?: SynthesisScratch;
}): { left: Frame; right: Frame } {
  if (!(params.divergence >= 0) || !(params.foregroundScale >= 0)) {
    throw new RangeError(`synthesizeViews: divergence (${params.divergence}) and foregroundScale (${params.foregroundScale}) must be ≥ 0`);
  }
  if (depth.width < 1 || depth.height < 1 || depth.data.length !== depth.width * depth.height) {
    throw new RangeError(`synthesizeViews: depth map ${depth.width}x${depth.height} holds ${depth.data.length} values`);
  }
  const work = scratch ?? createSynthesisScratch();
  const { width, height, format } = frame;

  const dilated = params.edgeDilation > 0 ? (work.dilated = dilateDepth({ depth, radius: params.edgeDilation, frameWidth: width, out: work.dilated })) : depth;
  const disparity = (work.disparity = disparityFromDepth({ depth: dilated, frameWidth: width, params, out: work.disparity }));
  const full = (work.planeDisparity = resampleMap({ source: disparity, width, height, out: work.planeDisparity, scratch: work.resample }));
  let chroma = full;
  if (format === 'yuv420p') {
    const size = frame.planes[1];
    chroma = work.chromaDisparity = resampleMap({ source: disparity, width: size.width, height: size.height, out: work.chromaDisparity, scratch: work.resample });
  }

  const symmetric = params.symmetric;
  const right = (work.right = reuseFrame(work.right, format, width, height));
  let left = frame;
  if (symmetric) {
    left = work.left = reuseFrame(work.left, format, width, height);
    warpFrame({ source: frame, target: left, full, chroma, shiftScale: 0.5, warp: work.warp });
  }
  warpFrame({ source: frame, target: right, full, chroma, shiftScale: symmetric ? -0.5 : -1, warp: work.warp });
  return { left, right };
}

/** Warps every plane: gbrp planes together; yuv420p luma, then both chroma planes together at half the shift. */
function warpFrame({ source, target, full, chroma, shiftScale, warp }: { source: Frame; target: Frame; full: FloatMap; chroma: FloatMap; shiftScale: number; warp: WarpScratch }): void {
  if (source.format === 'gbrp') {
    warpPlanes({ sources: source.planes, targets: target.planes, disparity: full, shiftScale, scratch: warp });
    return;
  }
  const [y, u, v] = source.planes;
  const [ty, tu, tv] = target.planes;
  warpPlanes({ sources: [y], targets: [ty], disparity: full, shiftScale, scratch: warp });
  warpPlanes({ sources: [u, v], targets: [tu, tv], disparity: chroma, shiftScale: shiftScale / 2, scratch: warp });
}
