import type { Plane } from '../frame.js';

/**
 * Planar RGB from a yuv420p frame (BT.709, limited range), for estimators that need colour when the frame was
 * decoded as YUV. Only colour-hungry estimators (ONNX models) pay for it.
 */
export function rgbFromYuv420({ y, u, v }: { y: Plane; u: Plane; v: Plane }): { r: Plane; g: Plane; b: Plane } {
  const { width, height } = y;
  const r = new Uint8Array(width * height);
  const g = new Uint8Array(width * height);
  const b = new Uint8Array(width * height);
  const clamp = (value: number) => (value < 0 ? 0 : value > 255 ? 255 : (value + 0.5) | 0);
  for (let row = 0; row < height; row++) {
    const chromaRow = (row >> 1) * u.width;
    for (let col = 0; col < width; col++) {
      const i = row * width + col;
      const c = chromaRow + (col >> 1);
      const luma = 1.164 * ((y.data[i] ?? 16) - 16);
      const cb = (u.data[c] ?? 128) - 128;
      const cr = (v.data[c] ?? 128) - 128;
      r[i] = clamp(luma + 1.793 * cr);
      g[i] = clamp(luma - 0.213 * cb - 0.533 * cr);
      b[i] = clamp(luma + 2.112 * cb);
    }
  }
  return { r: { data: r, width, height }, g: { data: g, width, height }, b: { data: b, width, height } };
}
