import { reuseFloatMap, type FloatMap } from './float-map.js';

/**
 * Bilinear resample of `source` to `width`×`height` (pixel centres aligned, edges clamped): depth or disparity
 * from the depth model's resolution to a plane's (luma, or half-size chroma).
 *
 * Separable: each source row is resampled horizontally once into `scratch`, then each output row is a lerp of
 * two of those — about one multiply-add per output pixel. `out` and `scratch` are reused when big enough.
 */
export function resampleMap({
  source,
  width,
  height,
  out,
  scratch,
}: {
  source: FloatMap;
  width: number;
  height: number;
  out?: FloatMap;
  scratch?: ResampleScratch;
}): FloatMap {
  const result = reuseFloatMap(out, width, height);
  const dst = result.data;
  const { width: sw, height: sh, data: src } = source;
  if (sw === width && sh === height) {
    dst.set(src);
    return result;
  }
  const work = scratch ?? createResampleScratch();
  if (work.rows.length < sh * width) work.rows = new Float32Array(sh * width);
  if (work.x0.length < width) {
    work.x0 = new Int32Array(width);
    work.wx = new Float32Array(width);
  }
  const { rows, x0, wx } = work;

  const scaleX = sw / width;
  for (let x = 0; x < width; x++) {
    const pos = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), sw - 1);
    const left = Math.min(Math.floor(pos), sw - 2);
    // A 1-wide source: left = -1 would read out of the row, so both taps sit on column 0.
    x0[x] = Math.max(left, 0);
    wx[x] = sw === 1 ? 0 : pos - left;
  }
  const step = sw === 1 ? 0 : 1;
  for (let y = 0; y < sh; y++) {
    const s = y * sw;
    const d = y * width;
    for (let x = 0; x < width; x++) {
      const i = s + x0[x]!;
      const a = src[i]!;
      rows[d + x] = a + (src[i + step]! - a) * wx[x]!;
    }
  }

  const scaleY = sh / height;
  for (let y = 0; y < height; y++) {
    const pos = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), sh - 1);
    const top = Math.min(Math.floor(pos), Math.max(sh - 2, 0));
    const wy = sh === 1 ? 0 : pos - top;
    const t = top * width;
    const b = sh === 1 ? t : t + width;
    const d = y * width;
    if (wy === 0) {
      dst.set(rows.subarray(t, t + width), d);
      continue;
    }
    for (let x = 0; x < width; x++) {
      const a = rows[t + x]!;
      dst[d + x] = a + (rows[b + x]! - a) * wy;
    }
  }
  return result;
}

/** Buffers `resampleMap` reuses across calls (grown on demand). */
export interface ResampleScratch {
  rows: Float32Array;
  x0: Int32Array;
  wx: Float32Array;
}

export function createResampleScratch(): ResampleScratch {
  return { rows: new Float32Array(0), x0: new Int32Array(0), wx: new Float32Array(0) };
}
