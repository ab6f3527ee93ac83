/**
 * Motion parallax vs. the ground a thing stands on. Under camera translation a static upright object shows the
 * parallax of the ground at its base, so a column of blocks nearer than their own rows' ground (`depth` above
 * `groundTop` + `tolerance`: something upright) that ends on plain ground must have the depth of the ground where
 * the run ends (at most that of the bottom of the block below it). If it claims to be nearer than that by more than `tolerance`, nothing supports it: it is
 * an object moving along with the parallax flow (a car driving with the pan), and its parallax is not depth.
 * Such blocks are flagged in `moving` so that they are placed by their contact point instead. Runs standing on
 * other objects or on the frame's bottom edge cannot be checked and are left alone. Returns the number flagged.
 *
 * Per block (row-major, `cols`×`rows`): `depth` (parallax depth, prior units), `groundTop` / `groundBottom` (the
 * ground prior at the block's top and bottom pixel rows), `valid` (1 where the block's motion is usable).
 */
export function flagUnsupportedBlocks({ cols, rows, depth, groundTop, groundBottom, valid, moving, tolerance }: {
  cols: number;
  rows: number;
  depth: ArrayLike<number>;
  groundTop: ArrayLike<number>;
  groundBottom: ArrayLike<number>;
  valid: ArrayLike<number>;
  moving: Uint8Array;
  tolerance: number;
}): number {
  let flagged = 0;
  const upright = (b: number) => !!valid[b] && !moving[b] && depth[b]! > groundTop[b]! + tolerance;
  const ground = (b: number) => !!valid[b] && !moving[b] && depth[b]! <= groundBottom[b]! + tolerance;
  for (let c = 0; c < cols; c++) {
    let r = rows - 1;
    while (r >= 0) {
      const b = r * cols + c;
      if (!upright(b)) {
        r--;
        continue;
      }
      // A run of upright blocks from row r upwards.
      let top = r;
      while (top > 0 && upright((top - 1) * cols + c)) top--;
      const below = r + 1 < rows ? (r + 1) * cols + c : -1;
      if (below >= 0 && ground(below)) {
        // The base lies somewhere above the bottom of the block below (8×8 blocks do not say exactly where).
        const contact = groundBottom[below]!;
        for (let k = top; k <= r; k++) {
          const kb = k * cols + c;
          if (depth[kb]! > contact + tolerance) {
            moving[kb] = 1;
            flagged++;
          }
        }
      }
      r = top - 1;
    }
  }
  return flagged;
}
