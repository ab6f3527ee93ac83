import type { FloatMap } from './float-map.js';

/**
 * One row of a low-resolution disparity map as the warp sees it at a plane's resolution: bilinear between the
 * map's pixel centres (aligned with the plane's), clamped at the ends. Between two neighbouring centres the
 * disparity — and so where a pixel lands — is linear in x, so the warp handles each such run of pixels as one
 * piece instead of pixel by pixel, and never builds a full-size map (8 MB per 1080p map).
 *
 * The pieces are given by `knots`: increasing plane columns from 0 to width − 1 such that between two
 * consecutive knots the disparity is linear (the floor and ceiling of every map centre, so a pixel pair that
 * straddles a centre is a piece of its own). `z[j]` is the disparity at `knots[j]` for the loaded row. The knots
 * depend only on the sizes and are computed once per plane size.
 */
export class RowDisparity {
  knots = new Int32Array(0);
  z = new Float64Array(0);
  /** Number of knots (≥ 2 for a plane at least 2 wide). */
  count = 0;
  private values = new Float32Array(0);
  private knotLeft = new Int32Array(0);
  private knotWeight = new Float64Array(0);
  private mapWidth = -1;
  private width = -1;
  private ratio = 1;

  /** Loads row `y` of a plane `width`×`height` from `map` (vertical lerp, clamped), and its knot values. */
  load({ map, y, width, height }: { map: FloatMap; y: number; width: number; height: number }): void {
    const n = map.width;
    if (n !== this.mapWidth || width !== this.width) this.layKnots(n, width);
    const sh = map.height;
    const pos = Math.min(Math.max((y + 0.5) * (sh / height) - 0.5, 0), sh - 1);
    const top = Math.min(Math.floor(pos), Math.max(sh - 2, 0));
    const wy = sh === 1 ? 0 : pos - top;
    const src = map.data;
    const t = top * n;
    const v = this.values;
    if (wy === 0) v.set(src.subarray(t, t + n));
    else {
      const b = t + n;
      for (let x = 0; x < n; x++) {
        const a = src[t + x]!;
        v[x] = a + (src[b + x]! - a) * wy;
      }
    }
    const { knotLeft, knotWeight, z, count } = this;
    const step = n === 1 ? 0 : 1;
    for (let j = 0; j < count; j++) {
      const left = knotLeft[j]!;
      const a = v[left]!;
      z[j] = a + (v[left + step]! - a) * knotWeight[j]!;
    }
  }

  /** Disparity at plane pixel `x` of the loaded row. */
  at(x: number): number {
    const n = this.mapWidth;
    const v = this.values;
    if (n === 1) return v[0]!;
    const pos = Math.min(Math.max((x + 0.5) * this.ratio - 0.5, 0), n - 1);
    const left = Math.min(Math.floor(pos), n - 2);
    const a = v[left]!;
    return a + (v[left + 1]! - a) * (pos - left);
  }

  private layKnots(n: number, width: number): void {
    this.mapWidth = n;
    this.width = width;
    this.ratio = n / width;
    this.values = new Float32Array(n);
    const columns = new Set<number>([0, Math.max(0, width - 1)]);
    for (let k = 0; k < n; k++) {
      const centre = (k + 0.5) * (width / n) - 0.5;
      if (centre <= 0 || centre >= width - 1) continue;
      columns.add(Math.floor(centre));
      columns.add(Math.ceil(centre));
    }
    this.knots = Int32Array.from([...columns].sort((a, b) => a - b));
    this.count = this.knots.length;
    this.z = new Float64Array(this.count);
    this.knotLeft = new Int32Array(this.count);
    this.knotWeight = new Float64Array(this.count);
    for (let j = 0; j < this.count; j++) {
      const pos = Math.min(Math.max((this.knots[j]! + 0.5) * this.ratio - 0.5, 0), n - 1);
      const left = n === 1 ? 0 : Math.min(Math.floor(pos), n - 2);
      this.knotLeft[j] = left;
      this.knotWeight[j] = n === 1 ? 0 : pos - left;
    }
  }
}
