import type { FloatImage } from './float-image.js';
import { reuseFloatImage } from './float-image.js';
import { sampleBilinear } from './sample-bilinear.js';

/** Per-pixel motion from the previous frame to the current one (working pixels), row-major, one pair per pixel. */
export interface MotionMap {
  dx: Float32Array;
  dy: Float32Array;
}

/**
 * Moves `image` (a map of the previous frame) along `motion` into the current frame's coordinates: out(x) =
 * image(x − motion(x)), bilinear, clamped at the borders. Lets a running average follow panning and moving
 * content instead of smearing it (a plain average lags ~1/alpha frames behind anything that moves).
 */
export function warpByMotion({ image, motion, out }: { image: FloatImage; motion: MotionMap; out?: FloatImage }): FloatImage {
  const { width, height } = image;
  const result = reuseFloatImage(out, width, height);
  if (result === image) throw new Error('warpByMotion: out must differ from image');
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      result.data[i] = sampleBilinear(image, x - motion.dx[i]!, y - motion.dy[i]!);
    }
  }
  return result;
}
