import type { ColourTags } from './probe-video.js';

/** ffmpeg colour-space names → swscale matrix names. */
const SWSCALE_MATRIX: Record<string, string> = {
  bt709: 'bt709',
  smpte170m: 'bt601',
  bt470bg: 'bt601',
  fcc: 'fcc',
  smpte240m: 'smpte240m',
  bt2020nc: 'bt2020',
  bt2020c: 'bt2020',
};

/**
 * The `scale` filter options for converting between the video's YUV and RGB with the video's own matrix and
 * range (`side`: `in` for YUV → RGB, `out` for RGB → YUV) — swscale's defaults would be BT.601, limited range.
 */
export function swscaleColourOptions({ colour, side }: { colour: ColourTags; side: 'in' | 'out' }): string {
  const matrix = colour.space ? SWSCALE_MATRIX[colour.space] : undefined;
  return `${matrix ? `${side}_color_matrix=${matrix}:` : ''}${side}_range=${colour.range === 'pc' ? 'full' : 'limited'}`;
}
