import type { OutputFormat } from '@stereo-spot/shared-types';
import type { Frame } from '../frame.js';
import { reuseFrame } from '../synthesis/allocate-frame.js';

export type AnaglyphFormat = Extract<OutputFormat, `anaglyph-${string}`>;

/** One output channel: weights of left R, G, B then right R, G, B, in 1/65536 (16.16 fixed point). */
type ChannelWeights = readonly [number, number, number, number, number, number];

/**
 * Red/cyan matrices, output rows R, G, B — ffmpeg's stereo3d `ana_coeff` table (libavfilter/vf_stereo3d.c), so
 * our anaglyphs match `stereo3d=…:arcd|arcc|arcg|arch`. Red comes from the left eye, green and blue from the
 * right (Dubois mixes a little of the other eye in to cancel the filters' crosstalk).
 */
export const ANAGLYPH_MATRICES: Record<AnaglyphFormat, readonly [ChannelWeights, ChannelWeights, ChannelWeights]> = {
  // arcd: Dubois' least-squares red/cyan projection.
  'anaglyph-dubois': [
    [29884, 32768, 11534, -2818, -5767, -131],
    [-2621, -2490, -1049, 24773, 48103, -1180],
    [-983, -1376, -328, -4719, -7406, 80347],
  ],
  // arcc: full colour, each channel straight from its eye.
  'anaglyph-color': [
    [65536, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 65536, 0],
    [0, 0, 0, 0, 0, 65536],
  ],
  // arcg: grey (BT.601 luma) of each eye.
  'anaglyph-gray': [
    [19595, 38470, 7471, 0, 0, 0],
    [0, 0, 0, 19595, 38470, 7471],
    [0, 0, 0, 19595, 38470, 7471],
  ],
  // arch: grey left eye in red (less retinal rivalry than pure red), colour right eye.
  'anaglyph-halfcolor': [
    [19595, 38470, 7471, 0, 0, 0],
    [0, 0, 0, 0, 65536, 0],
    [0, 0, 0, 0, 0, 65536],
  ],
};

export function isAnaglyphFormat(format: OutputFormat): format is AnaglyphFormat {
  return Object.hasOwn(ANAGLYPH_MATRICES, format);
}

/**
 * Red/cyan anaglyph of two gbrp eyes (same size) into a gbrp frame of that size: per pixel and channel
 * `clip(Σ weight·value >> 16)` — the same integer arithmetic (floor, then clamp to 0..255) as ffmpeg's.
 * `out` is reused when it has the right format and size.
 */
export function composeAnaglyph({ format, left, right, out }: { format: AnaglyphFormat; left: Frame; right: Frame; out?: Frame }): Frame {
  if (left.format !== 'gbrp' || right.format !== 'gbrp') throw new Error(`anaglyphs mix RGB: eyes must be gbrp, got ${left.format}/${right.format}`);
  const result = reuseFrame(out, 'gbrp', left.width, left.height);
  const [rw, gw, bw] = ANAGLYPH_MATRICES[format];
  // gbrp stores planes as G, B, R.
  const [lg, lb, lr] = [left.planes[0].data, left.planes[1].data, left.planes[2].data];
  const [rg, rb, rr] = [right.planes[0].data, right.planes[1].data, right.planes[2].data];
  const [og, ob, or] = [result.planes[0].data, result.planes[1].data, result.planes[2].data];
  const [r0, r1, r2, r3, r4, r5] = rw;
  const [g0, g1, g2, g3, g4, g5] = gw;
  const [b0, b1, b2, b3, b4, b5] = bw;
  const n = og.length;
  for (let i = 0; i < n; i++) {
    const lR = lr[i]!;
    const lG = lg[i]!;
    const lB = lb[i]!;
    const rR = rr[i]!;
    const rG = rg[i]!;
    const rB = rb[i]!;
    // Sums stay far inside int32 (|Σ| < 2^27), so `>> 16` is ffmpeg's arithmetic shift; clamp like av_clip_uint8.
    const r = (r0 * lR + r1 * lG + r2 * lB + r3 * rR + r4 * rG + r5 * rB) >> 16;
    const g = (g0 * lR + g1 * lG + g2 * lB + g3 * rR + g4 * rG + g5 * rB) >> 16;
    const b = (b0 * lR + b1 * lG + b2 * lB + b3 * rR + b4 * rG + b5 * rB) >> 16;
    or[i] = r < 0 ? 0 : r > 255 ? 255 : r;
    og[i] = g < 0 ? 0 : g > 255 ? 255 : g;
    ob[i] = b < 0 ? 0 : b > 255 ? 255 : b;
  }
  return result;
}
