import { reuseFloatMap, type FloatMap } from './float-map.js';

/**
 * Grows near regions of a depth map sideways (grey-scale dilation: each pixel takes the maximum depth within
 * `radius` frame pixels on its row), so the pixels on an object's edge — often a blend of object and background
 * in the depth estimate — move with the object instead of smearing into the background, and the disocclusion
 * hole opens on the background side where it is filled from the background.
 *
 * Only horizontal: the views differ by horizontal shifts only, so vertical edges are where smearing shows.
 * `radius` is in frame pixels (a frame `frameWidth` wide) and converted to depth-map pixels, rounded **up** so any
 * positive radius dilates by at least one depth pixel (a depth map at 1/8 of the frame would otherwise ignore
 * small radii). `out` must not be `depth` (reused when it has the right size).
 */
export function dilateDepth({ depth, radius, frameWidth, out }: { depth: FloatMap; radius: number; frameWidth: number; out?: FloatMap }): FloatMap {
  const { width, height } = depth;
  const result = reuseFloatMap(out, width, height);
  if (result.data === depth.data) throw new Error('dilateDepth: out must not share the depth map buffer');
  const r = radius > 0 ? Math.ceil((radius * width) / frameWidth) : 0;
  if (r === 0) {
    result.data.set(depth.data);
    return result;
  }
  const src = depth.data;
  const dst = result.data;
  // Sliding-window maximum with a monotonic deque of column indices: O(width) per row whatever the radius.
  const deque = new Int32Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let head = 0;
    let tail = 0;
    let next = 0; // next column to enter the window
    for (let x = 0; x < width; x++) {
      const last = Math.min(width - 1, x + r);
      while (next <= last) {
        const value = src[row + next]!;
        while (tail > head && src[row + deque[tail - 1]!]! <= value) tail--;
        deque[tail++] = next++;
      }
      while (deque[head]! < x - r) head++;
      dst[row + x] = src[row + deque[head]!]!;
    }
  }
  return result;
}
