import type { MotionField } from './block-match.js';

/** Per coarse block, the flag of the fine block under its centre (both grids' geometry in coarse pixels). */
export function acrossOnCoarseGrid({ fine, across, coarse, out }: { fine: MotionField; across: Uint8Array; coarse: MotionField; out: Uint8Array }): void {
  for (let k = 0; k < out.length; k++) {
    const col = k % coarse.cols;
    const row = (k - col) / coarse.cols;
    const x = coarse.originX + (col + 0.5) * coarse.blockSize;
    const y = coarse.originY + (row + 0.5) * coarse.blockSize;
    const fc = Math.min(fine.cols - 1, Math.max(0, Math.floor((x - fine.originX) / fine.blockSize)));
    const fr = Math.min(fine.rows - 1, Math.max(0, Math.floor((y - fine.originY) / fine.blockSize)));
    out[k] = across[fr * fine.cols + fc]!;
  }
}
