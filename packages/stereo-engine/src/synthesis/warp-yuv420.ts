import type { Frame } from '../frame.js';
import type { FloatMap } from './float-map.js';
import { createWarpScratch, rowBuffers, sample, targetRegion, traceRow, warpPlanes, type PlaneRegion, type WarpScratch } from './warp-plane.js';

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
  const { index, frac, row } = rowBuffers(scratch ?? createWarpScratch(), width);
  for (let k = 0; k < pairs; k++) {
    // Row k of a plane `pairs` high is centred on luma rows 2k and 2k + 1.
    row.load({ map: disparity, y: k, width, height: pairs });
    const top = 2 * k;
    // Both luma rows are sampled while the pair's geometry is traced (the last row alone when the height is odd).
    const pair = top + 1 < height;
    traceRow(row, width, shiftScale, { index, frac, src: y.data, from: top * width, dst: ly!.data, to: ly!.offset + top * ly!.stride, pair, pairFrom: (top + 1) * width, pairTo: ly!.offset + (top + 1) * ly!.stride });
    const from = k * chromaWidth;
    sampleChromaRow({ index, frac, chromaWidth, u: u.data, v: v.data, from, uTarget: lu!.data, uTo: lu!.offset + k * lu!.stride, vTarget: lv!.data, vTo: lv!.offset + k * lv!.stride });
  }
}

/** Both chroma planes of a row sampled in one pass, by the geometry `chromaPosition` takes from the luma row. */
function sampleChromaRow({ index, frac, chromaWidth, u, v, from, uTarget, uTo, vTarget, vTo }: { index: Int32Array; frac: Float32Array; chromaWidth: number; u: Uint8Array; v: Uint8Array; from: number; uTarget: Uint8Array; uTo: number; vTarget: Uint8Array; vTo: number }): void {
  const last = chromaWidth - 1;
  for (let c = 0; c < chromaWidth; c++) {
    const position = chromaPosition(index, frac, c, last);
    const i = position < last ? position | 0 : last - 1;
    // A float32 weight, as the warp's (index, frac) rows hold it.
    const f = Math.fround(position - i);
    uTarget[uTo + c] = sample(u, from + i, f);
    vTarget[vTo + c] = sample(v, from + i, f);
  }
}

/**
 * Where chroma pixel c of a row shows the source (in chroma pixels): half the source position of luma pixel 2c,
 * given the luma row's (index, frac), clamped to `last`, the row's last chroma pixel.
 */
export function chromaPosition(index: Int32Array, frac: Float32Array, c: number, last: number): number {
  const position = (index[2 * c]! + frac[2 * c]!) / 2;
  return position > last ? last : position;
}
