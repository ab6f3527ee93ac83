import type { DepthMap } from '../../packages/stereo-engine/src/frame.ts';

/**
 * Bilinear resize of a depth map (pixel centres aligned, edges clamped, as OpenCV's INTER_LINEAR): the estimator
 * works at a small size and the truth is at the frame's. The same size is returned as is.
 */
export function resizeDepth({ depth, width, height }: { depth: DepthMap; width: number; height: number }): Float32Array {
  if (depth.width === width && depth.height === height) return depth.data;
  const out = new Float32Array(width * height);
  const sx = depth.width / width;
  const sy = depth.height / height;
  for (let y = 0; y < height; y++) {
    const gy = Math.min(depth.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(gy);
    const y1 = Math.min(depth.height - 1, y0 + 1);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(depth.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(gx);
      const x1 = Math.min(depth.width - 1, x0 + 1);
      const fx = gx - x0;
      const top = depth.data[y0 * depth.width + x0]! * (1 - fx) + depth.data[y0 * depth.width + x1]! * fx;
      const bottom = depth.data[y1 * depth.width + x0]! * (1 - fx) + depth.data[y1 * depth.width + x1]! * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
