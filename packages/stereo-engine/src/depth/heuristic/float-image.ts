/**
 * A row-major single-channel float image at the estimator's working resolution: downscaled luma (0..255), a
 * depth map, a prior. Same shape as `DepthMap`, so a depth map is a `FloatImage` and helpers work on either.
 */
export interface FloatImage {
  data: Float32Array;
  width: number;
  height: number;
}

/** Returns `image` when it already has `width`×`height`, else a new zeroed image (keeps one buffer per purpose across frames). */
export function reuseFloatImage(image: FloatImage | undefined, width: number, height: number): FloatImage {
  if (image !== undefined && image.width === width && image.height === height) return image;
  return { data: new Float32Array(width * height), width, height };
}
