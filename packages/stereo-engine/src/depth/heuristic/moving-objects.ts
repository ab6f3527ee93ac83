/** A connected group of blocks that move alike and unlike the static world. */
export interface MovingObject {
  /** Block indices (row-major in the motion grid). */
  blocks: number[];
  /** Lowest block row of the group: where it stands on the ground (refined to pixels by the caller). */
  bottomRow: number;
  /** Median motion of the group's blocks. */
  dx: number;
  dy: number;
}

/**
 * Groups the blocks flagged in `moving` into objects: 4-connected neighbours whose motions differ by less than
 * `maxMotionDifference` (two objects passing each other stay apart). Groups smaller than `minBlocks` are
 * dropped as noise.
 */
export function findMovingObjects({ cols, rows, moving, dx, dy, maxMotionDifference, minBlocks = 2 }: {
  cols: number;
  rows: number;
  moving: Uint8Array;
  dx: ArrayLike<number>;
  dy: ArrayLike<number>;
  maxMotionDifference: number;
  minBlocks?: number;
}): MovingObject[] {
  const label = new Int32Array(cols * rows).fill(-1);
  const objects: MovingObject[] = [];
  const stack: number[] = [];
  for (let start = 0; start < cols * rows; start++) {
    if (!moving[start] || label[start]! >= 0) continue;
    const blocks: number[] = [];
    label[start] = objects.length;
    stack.push(start);
    while (stack.length) {
      const b = stack.pop()!;
      blocks.push(b);
      const c = b % cols;
      const r = (b - c) / cols;
      const neighbours = [c > 0 ? b - 1 : -1, c < cols - 1 ? b + 1 : -1, r > 0 ? b - cols : -1, r < rows - 1 ? b + cols : -1];
      for (const nb of neighbours) {
        if (nb < 0 || !moving[nb] || label[nb]! >= 0) continue;
        if (Math.hypot(dx[nb]! - dx[b]!, dy[nb]! - dy[b]!) > maxMotionDifference) continue;
        label[nb] = objects.length;
        stack.push(nb);
      }
    }
    if (blocks.length < minBlocks) {
      for (const b of blocks) label[b] = -2;
      continue;
    }
    const mx = blocks.map((b) => dx[b]!).sort((p, q) => p - q);
    const my = blocks.map((b) => dy[b]!).sort((p, q) => p - q);
    let bottomRow = 0;
    for (const b of blocks) bottomRow = Math.max(bottomRow, Math.floor(b / cols));
    objects.push({ blocks, bottomRow, dx: mx[mx.length >> 1]!, dy: my[my.length >> 1]! });
  }
  return objects;
}
