import type { OutputFormat } from '@stereo-spot/shared-types';
import type { Frame } from '../frame.js';
import { reuseFrame } from '../synthesis/allocate-frame.js';
import { composeAnaglyph } from './anaglyph.js';
import { layoutSize } from './layout-size.js';
import { placeEye } from './place-eye.js';

interface Eyes {
  left: Frame;
  right: Frame;
  out: Frame;
}

/**
 * How each layout arranges the eyes (W×H eyes):
 * - `sbs-full` left eye in columns [0, W), right in [W, 2W); `cross` the same with the eyes swapped (right eye on
 *   the left, for cross-eyed viewing); `tb-full` left eye in rows [0, H), right in [H, 2H).
 * - `sbs-half` / `tb-half` keep W×H: each eye squeezed 2:1. With an odd size the **first (left/top) half gets
 *   ceil(W/2)** columns (rows) and the second floor(W/2); both eyes pair pixels the same way (2i, 2i+1), so the
 *   second eye simply drops its last odd column rather than being resampled at a different phase — no false
 *   disparity. A yuv420p chroma column straddling the halves belongs to the first eye.
 */
const COMPOSERS: Record<OutputFormat, (eyes: Eyes) => void> = {
  'sbs-full': ({ left, right, out }) => sideBySide({ first: left, second: right, out }),
  cross: ({ left, right, out }) => sideBySide({ first: right, second: left, out }),
  'tb-full': ({ left, right, out }) => {
    placeEye({ eye: left, out, axis: 'y', offset: 0, extent: left.height, squeeze: false });
    placeEye({ eye: right, out, axis: 'y', offset: left.height, extent: left.height, squeeze: false });
  },
  'sbs-half': ({ left, right, out }) => {
    const split = Math.ceil(left.width / 2);
    placeEye({ eye: left, out, axis: 'x', offset: 0, extent: split, squeeze: true });
    placeEye({ eye: right, out, axis: 'x', offset: split, extent: left.width - split, squeeze: true });
  },
  'tb-half': ({ left, right, out }) => {
    const split = Math.ceil(left.height / 2);
    placeEye({ eye: left, out, axis: 'y', offset: 0, extent: split, squeeze: true });
    placeEye({ eye: right, out, axis: 'y', offset: split, extent: left.height - split, squeeze: true });
  },
  'anaglyph-dubois': ({ left, right, out }) => void composeAnaglyph({ format: 'anaglyph-dubois', left, right, out }),
  'anaglyph-color': ({ left, right, out }) => void composeAnaglyph({ format: 'anaglyph-color', left, right, out }),
  'anaglyph-gray': ({ left, right, out }) => void composeAnaglyph({ format: 'anaglyph-gray', left, right, out }),
  'anaglyph-halfcolor': ({ left, right, out }) => void composeAnaglyph({ format: 'anaglyph-halfcolor', left, right, out }),
};

function sideBySide({ first, second, out }: { first: Frame; second: Frame; out: Frame }): void {
  placeEye({ eye: first, out, axis: 'x', offset: 0, extent: first.width, squeeze: false });
  placeEye({ eye: second, out, axis: 'x', offset: first.width, extent: first.width, squeeze: false });
}

/**
 * One output frame of `format` from the two eyes (same size and pixel format). Side-by-side and top-bottom
 * layouts work on yuv420p or gbrp eyes and keep their pixel format; anaglyphs need gbrp (see `pixelFormatFor`).
 * The result is a new frame with contiguous planes (ffmpeg rawvideo order) unless `out` of the right format
 * and size is given to be overwritten.
 */
export function composeLayout({ format, left, right, out }: { format: OutputFormat; left: Frame; right: Frame; out?: Frame }): Frame {
  if (left.format !== right.format || left.width !== right.width || left.height !== right.height) {
    throw new Error(`composeLayout: eyes differ (${left.format} ${left.width}x${left.height} vs ${right.format} ${right.width}x${right.height})`);
  }
  const size = layoutSize({ format, width: left.width, height: left.height });
  const target = reuseFrame(out, left.format, size.width, size.height);
  COMPOSERS[format]({ left, right, out: target });
  return target;
}
