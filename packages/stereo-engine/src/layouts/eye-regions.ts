import type { OutputFormat } from '@stereo-spot/shared-types';
import type { Frame } from '../frame.js';
import type { EyeRegions } from '../synthesis/synthesize-views.js';

/** Full-size layouts: the eyes side by side (`x`) or one above the other (`y`), `swapped` when the right eye comes first. */
const FULL_LAYOUTS: Record<OutputFormat, { axis: 'x' | 'y'; swapped: boolean } | undefined> = {
  'sbs-full': { axis: 'x', swapped: false },
  cross: { axis: 'x', swapped: true },
  'tb-full': { axis: 'y', swapped: false },
  'sbs-half': undefined,
  'tb-half': undefined,
  'anaglyph-dubois': undefined,
  'anaglyph-color': undefined,
  'anaglyph-gray': undefined,
  'anaglyph-halfcolor': undefined,
};

/**
 * Where each eye of a `width`×`height` frame lies inside `out` when the eyes can be drawn straight into the
 * layout (no eye-sized frame and copy): the full-size layouts, when the second eye starts on a whole pixel of
 * every plane (yuv420p: an even width for side by side, an even height for top-bottom). Otherwise undefined, and
 * the eyes are composed with `composeLayout`. `out` must have the layout's size (see `layoutSize`).
 */
export function eyeRegions({ format, eye, out }: { format: OutputFormat; eye: { width: number; height: number }; out: Frame }): { left: EyeRegions; right: EyeRegions } | undefined {
  const layout = FULL_LAYOUTS[format];
  if (!layout) return undefined;
  const subsampled = out.format === 'yuv420p';
  if (subsampled && (layout.axis === 'x' ? eye.width : eye.height) % 2 === 1) return undefined;
  const place = (second: boolean): EyeRegions => {
    const [a, b, c] = out.planes.map((plane, p) => {
      const sub = subsampled && p > 0 ? 2 : 1;
      const shift = second ? (layout.axis === 'x' ? eye.width / sub : (eye.height / sub) * plane.width) : 0;
      return { data: plane.data, offset: shift, stride: plane.width };
    });
    return [a!, b!, c!];
  };
  return { left: place(layout.swapped), right: place(!layout.swapped) };
}
