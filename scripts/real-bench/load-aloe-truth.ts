import { join } from 'node:path';
import type { Plane } from '../../packages/stereo-engine/src/frame.ts';
import { imageSize, readImage } from './read-image.ts';

export interface PictureWithTruth {
  /** The picture's gray at the working size. */
  picture: Plane;
  /** Its true disparity in px at that size, row-major; NaN where unknown. */
  truth: Float32Array;
}

/**
 * Middlebury's Aloe (left view) at `width`, and its disparity: the GT png holds 8-bit disparity in pixels at its own
 * width (0 = unknown), so it is resized nearest-neighbour (values must not blend across depth edges) and its values
 * scaled by the same factor as the picture, as real_depth.py's `load_truth` does. `width` must be even.
 */
export function loadAloeTruth({ dataDir, width }: { dataDir: string; width: number }): PictureWithTruth {
  const leftPath = join(dataDir, 'aloeL.jpg');
  const source = imageSize(leftPath);
  const scale = width / source.width;
  const fullHeight = Math.round(source.height * scale);
  const full = readImage({ path: leftPath, size: { width, height: fullHeight } });
  // yuv420p needs an even height: an odd last row is dropped (none is at the default width, 554 rows).
  const height = fullHeight - (fullHeight % 2);
  const picture = { data: full.data.subarray(0, width * height), width, height };
  const gt = readImage({ path: join(dataDir, 'aloeGT.png') });
  const truth = new Float32Array(width * height);
  // OpenCV's INTER_NEAREST: source index = floor(destination index × source/destination).
  const sx = gt.width / width;
  const sy = gt.height / fullHeight;
  for (let y = 0; y < height; y++) {
    const row = Math.min(gt.height - 1, Math.floor(y * sy)) * gt.width;
    for (let x = 0; x < width; x++) {
      const v = gt.data[row + Math.min(gt.width - 1, Math.floor(x * sx))]!;
      truth[y * width + x] = v === 0 ? Number.NaN : v * scale;
    }
  }
  return { picture, truth };
}
