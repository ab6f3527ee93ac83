import type { Frame } from '../frame.js';
import type { FloatMap } from './float-map.js';
import { applyRow, createWarpScratch, rowBuffers, targetRegion, traceRow, warpPlanes, type PlaneRegion, type WarpScratch } from './warp-plane.js';

/**
 * Forward-warps a yuv420p frame (see `warpPlanes` for the warp itself) with one traced geometry per 2×2 block
 * of luma, the footprint of one chroma pixel: each pair of luma rows is traced once, with the disparity at the
 * pair's centre (where its chroma row sits), and sampled for both rows; the chroma row takes its geometry from
 * that trace instead of a trace of its own. A third of the tracing of three separate planes, and no visible
 * difference: the disparity comes from a map about ten times coarser than the frame.
 *
 * A chroma pixel sits on its even luma column (4:2:0 siting), so it shows the source at half the source position
 * of that luma pixel. `shiftScale` is the luma's (chroma moves by the same distance in its half-size pixels).
 * Planes under 4 pixels wide (no chroma pair to interpolate) are warped one by one.
 */
export function warpYuv420({ source, target, disparity, shiftScale, scratch }: { source: Frame; target: readonly [PlaneRegion, PlaneRegion, PlaneRegion]; disparity: FloatMap; shiftScale: number; scratch?: WarpScratch }): void {
  if (source.format !== 'yuv420p') throw new Error(`warpYuv420: a yuv420p frame, got ${source.format}`);
  const [y, u, v] = source.planes;
  if (y.width < 4) {
    warpPlanes({ sources: [y], targets: [target[0]], disparity, shiftScale, scratch });
    warpPlanes({ sources: [u, v], targets: [target[1], target[2]], disparity, shiftScale: shiftScale / 2, scratch });
    return;
  }
  const [ly, lu, lv] = source.planes.map((plane, p) => targetRegion(plane, target[p]!));
  const { width, height } = y;
  const chromaWidth = u.width;
  const pairs = u.height;
  const work = rowBuffers(scratch ?? createWarpScratch(), width);
  if (work.chromaIndex.length < chromaWidth) {
    work.chromaIndex = new Int32Array(chromaWidth);
    work.chromaFrac = new Float32Array(chromaWidth);
  }
  const { index, frac, chromaIndex, chromaFrac, row } = work;
  for (let k = 0; k < pairs; k++) {
    // Row k of a plane `pairs` high is centred on luma rows 2k and 2k + 1.
    row.load({ map: disparity, y: k, width, height: pairs });
    const top = 2 * k;
    traceRow(row, width, shiftScale, { index, frac, src: y.data, from: top * width, dst: ly!.data, to: ly!.offset + top * ly!.stride });
    if (top + 1 < height) applyRow(y.data, (top + 1) * width, ly!.data, ly!.offset + (top + 1) * ly!.stride, width, index, frac);
    chromaFromLuma(index, frac, chromaWidth, chromaIndex, chromaFrac);
    applyRow(u.data, k * chromaWidth, lu!.data, lu!.offset + k * lu!.stride, chromaWidth, chromaIndex, chromaFrac);
    applyRow(v.data, k * chromaWidth, lv!.data, lv!.offset + k * lv!.stride, chromaWidth, chromaIndex, chromaFrac);
  }
}

/**
 * A chroma row's (index, frac) from its luma row's: chroma pixel c shows the source at half the source position
 * of luma pixel 2c, clamped to the chroma row (chromaWidth ≥ 2).
 */
export function chromaFromLuma(index: Int32Array, frac: Float32Array, chromaWidth: number, chromaIndex: Int32Array, chromaFrac: Float32Array): void {
  const last = chromaWidth - 1;
  for (let c = 0; c < chromaWidth; c++) {
    let position = (index[2 * c]! + frac[2 * c]!) / 2;
    if (position > last) position = last;
    const i = position < last ? position | 0 : last - 1;
    chromaIndex[c] = i;
    chromaFrac[c] = position - i;
  }
}
