import type { Frame } from '../frame.js';
import { reuseFrame } from '../synthesis/allocate-frame.js';
import { placeEye } from './place-eye.js';

/**
 * `frame` squeezed 2:1 along `axis` (a 2:1 box filter of pixels 2i and 2i + 1, as `placeEye` squeezes an eye) into
 * a frame of half the width or height: the source a half layout's eyes are drawn from. Squeezing once before the
 * warp rather than each eye after it halves the warp's work, and pairs the pixels the same way for both eyes (no
 * false disparity). Both halves of `frame` must be whole in every plane (see `eyeLayout`). `out` is reused when
 * it has the right size.
 */
export function squeezeFrame({ frame, axis, out }: { frame: Frame; axis: 'x' | 'y'; out?: Frame }): Frame {
  const width = axis === 'x' ? Math.ceil(frame.width / 2) : frame.width;
  const height = axis === 'y' ? Math.ceil(frame.height / 2) : frame.height;
  const target = reuseFrame(out, frame.format, width, height);
  placeEye({ eye: frame, out: target, axis, offset: 0, extent: axis === 'x' ? width : height, squeeze: true });
  return target;
}
