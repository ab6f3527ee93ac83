/**
 * A row-major map of floats at some resolution: depth, disparity, or a shift per pixel. `DepthMap` has the same
 * shape, so a depth map is a `FloatMap` and helpers work on either.
 */
export interface FloatMap {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Returns `map` when it already has `width`×`height`, else a new map of that size. Lets callers keep one buffer
 * per purpose across frames (sizes only change when the input does).
 */
export function reuseFloatMap(map: FloatMap | undefined, width: number, height: number): FloatMap {
  if (map !== undefined && map.width === width && map.height === height) return map;
  return { data: new Float32Array(width * height), width, height };
}
