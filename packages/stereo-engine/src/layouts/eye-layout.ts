import type { OutputFormat } from '@stereo-spot/shared-types';
import type { Frame } from '../frame.js';
import type { EyeRegions } from '../synthesis/synthesize-views.js';

interface Arrangement {
  /** The eyes side by side (`x`) or one above the other (`y`). */
  axis: 'x' | 'y';
  /** The right eye comes first (cross-eyed viewing). */
  swapped: boolean;
  /** Each eye squeezed 2:1 along the axis, so the output keeps the input's size. */
  squeezed: boolean;
}

const ARRANGEMENTS: Record<OutputFormat, Arrangement | undefined> = {
  'sbs-full': { axis: 'x', swapped: false, squeezed: false },
  cross: { axis: 'x', swapped: true, squeezed: false },
  'tb-full': { axis: 'y', swapped: false, squeezed: false },
  'sbs-half': { axis: 'x', swapped: false, squeezed: true },
  'tb-half': { axis: 'y', swapped: false, squeezed: true },
  // Anaglyphs mix the eyes' colours: there is no place of their own for the eyes.
  'anaglyph-dubois': undefined,
  'anaglyph-color': undefined,
  'anaglyph-gray': undefined,
  'anaglyph-halfcolor': undefined,
};

/**
 * How the eyes of a `width`×`height` frame can be drawn straight into their places in `out` (no eye-sized frames
 * and copies): the regions of each eye, and for the half layouts the axis to squeeze the frame along first (the
 * eyes are then drawn from `squeezeFrame(frame)`, which is the size of a region). Only when the second eye starts
 * on a whole pixel of every plane and both eyes are equally wide (yuv420p: the eye's extent along the axis even);
 * otherwise undefined, and the eyes are drawn as frames and composed with `composeLayout`. `out` must have the
 * layout's size (see `layoutSize`).
 */
export function eyeLayout({ format, eye, out }: { format: OutputFormat; eye: { width: number; height: number }; out: Frame }): { squeeze?: 'x' | 'y'; left: EyeRegions; right: EyeRegions } | undefined {
  const arrangement = ARRANGEMENTS[format];
  if (!arrangement) return undefined;
  const { axis, swapped, squeezed } = arrangement;
  const full = axis === 'x' ? eye.width : eye.height;
  const extent = squeezed ? full / 2 : full;
  const subsampled = out.format === 'yuv420p';
  if (!Number.isInteger(extent) || (subsampled && extent % 2 === 1)) return undefined;
  const place = (second: boolean): EyeRegions => {
    const [a, b, c] = out.planes.map((plane, p) => {
      const along = extent / (subsampled && p > 0 ? 2 : 1);
      return { data: plane.data, offset: second ? (axis === 'x' ? along : along * plane.width) : 0, stride: plane.width };
    });
    return [a!, b!, c!];
  };
  return { squeeze: squeezed ? axis : undefined, left: place(swapped), right: place(!swapped) };
}
