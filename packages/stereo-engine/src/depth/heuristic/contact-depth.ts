import type { FloatImage } from './float-image.js';
import type { Rect } from './mover-pixels.js';

/**
 * Gives every pixel of one object's `mask` the depth of the point where it stands: column by column, each
 * vertical run of mask pixels takes `prior` at the run's lowest row — an object standing on the ground is as near
 * as the ground under it, all the way up, instead of fading into the distance like the ground rows beside it.
 * Gaps of up to `maxGap` pixels inside a run are bridged (mask noise must not cut an object in two, the upper
 * half then looking farther). Call it once per object, nearest first: where an object's base is hidden behind
 * another, its run ends on the occluder's top edge — it is then placed between the occluder and the ground at
 * that edge, rather than taking the occluder's depth or the (far) ground's.
 *
 * `mask` covers `rect` (default: the whole image), row-major. Results are max-ed into `out` (nearer wins where
 * objects overlap; never farther than `prior`, which `out` usually starts as a copy of).
 */
export function contactDepth({ mask, rect, prior, out, occluders, maxGap = 2, occlusionMargin = 0.05 }: {
  mask: Uint8Array;
  rect?: Rect;
  /**
   * Things already in place that can hide a base (full-image `mask`, their depths in `depth`): a run standing on one
   * that is nearer than the ground at the run's bottom is partly hidden by it. Default: no occlusion test.
   */
  occluders?: { mask: Uint8Array; depth: FloatImage };
  prior: FloatImage;
  out: FloatImage;
  maxGap?: number;
  occlusionMargin?: number;
}): FloatImage {
  const { width } = prior;
  const r = rect ?? { x0: 0, y0: 0, x1: width, y1: prior.height };
  const rw = r.x1 - r.x0;
  const rh = r.y1 - r.y0;
  const p = prior.data;
  const d = out.data;
  for (let i = 0; i < rw; i++) {
    const x = r.x0 + i;
    let j = rh - 1;
    while (j >= 0) {
      if (!mask[j * rw + i]) {
        j--;
        continue;
      }
      // A run from its bottom row j upwards, bridging short gaps.
      const bottom = (r.y0 + j) * width + x;
      let value = p[bottom]!;
      // Standing on something nearer than the ground there: the base is hidden behind it, somewhere between the
      // occluder and the visible bottom row — take the middle (either bound alone is off by the whole range).
      if (occluders && r.y0 + j + 1 < prior.height && occluders.mask[bottom + width]) {
        const below = occluders.depth.data[bottom + width]!;
        if (below > value + occlusionMargin) value = 0.5 * (value + below);
      }
      let top = j;
      let gap = 0;
      for (let k = j - 1; k >= 0; k--) {
        if (mask[k * rw + i]) {
          top = k;
          gap = 0;
        } else if (++gap > maxGap) break;
      }
      for (let k = top; k <= j; k++) {
        const idx = (r.y0 + k) * width + x;
        d[idx] = Math.max(d[idx]!, p[idx]!, value);
      }
      j = top - 1;
    }
  }
  return out;
}
