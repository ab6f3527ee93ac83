import type { Plane } from '../frame.js';

/** BT.709 luma of planar RGB (for estimators fed gbrp frames, i.e. the anaglyph formats). */
export function lumaFromRgb({ r, g, b }: { r: Plane; g: Plane; b: Plane }, target?: Uint8Array): Plane {
  const { width, height } = g;
  const out = target ?? new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) {
    out[i] = (0.2126 * (r.data[i] ?? 0) + 0.7152 * (g.data[i] ?? 0) + 0.0722 * (b.data[i] ?? 0) + 0.5) | 0;
  }
  return { data: out, width, height };
}
