/**
 * Frames as the engine sees them: planar 8-bit images. `yuv420p` (chroma at half size, rounded up) for the
 * side-by-side, top-bottom and cross-eyed layouts — ffmpeg's native format, so no colour conversion happens;
 * `gbrp` (planar RGB, planes in G, B, R order as ffmpeg stores them) for the anaglyphs, which mix colours.
 */
export type PixelFormat = 'yuv420p' | 'gbrp';

/** One plane, row-major, `stride === width` (no padding). */
export interface Plane {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Frame {
  format: PixelFormat;
  width: number;
  height: number;
  /** yuv420p: [Y, U, V]; gbrp: [G, B, R]. */
  planes: [Plane, Plane, Plane];
}

/**
 * Relative depth at any resolution (usually much smaller than the frame): values in [0, 1], **1 = nearest**
 * (like inverse depth / disparity), row-major.
 */
export interface DepthMap {
  data: Float32Array;
  width: number;
  height: number;
}

/** Size of each plane of a frame of `format` and size. */
export function planeSizes({ format, width, height }: { format: PixelFormat; width: number; height: number }): [{ width: number; height: number }, { width: number; height: number }, { width: number; height: number }] {
  if (format === 'gbrp') return [{ width, height }, { width, height }, { width, height }];
  const chroma = { width: Math.ceil(width / 2), height: Math.ceil(height / 2) };
  return [{ width, height }, chroma, { ...chroma }];
}

/** Bytes of one raw frame as ffmpeg reads or writes it with `-f rawvideo -pix_fmt <format>`. */
export function frameByteLength(size: { format: PixelFormat; width: number; height: number }): number {
  return planeSizes(size).reduce((sum, plane) => sum + plane.width * plane.height, 0);
}
