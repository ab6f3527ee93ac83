/**
 * Unknown disparities (mostly occlusions: background seen by one eye only) take the farther — smaller — of their
 * nearest known neighbours in the row, as real_depth.py's `fill_gt`; a row with nothing known takes the smallest
 * disparity of the picture. Used to move every pixel of a scene, not as truth.
 */
export function fillTruth({ truth, width, height }: { truth: Float32Array; width: number; height: number }): Float32Array {
  const out = truth.slice();
  let least = Infinity;
  for (const v of truth) if (v < least) least = v;
  const left = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let known = false;
    let last = Infinity;
    for (let x = 0; x < width; x++) {
      const v = truth[row + x]!;
      if (Number.isFinite(v)) {
        last = v;
        known = true;
      }
      left[x] = last;
    }
    if (!known) {
      out.fill(least, row, row + width);
      continue;
    }
    let next = Infinity;
    for (let x = width - 1; x >= 0; x--) {
      const v = truth[row + x]!;
      if (Number.isFinite(v)) next = v;
      else out[row + x] = Math.min(left[x]!, next);
    }
  }
  return out;
}
