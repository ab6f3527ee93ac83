import type { FloatImage } from './float-image.js';

/**
 * 2×2 box average of `image` into `out` (exactly half its width and height): the coarse level from the fine one,
 * instead of a second pass over the full-size frame.
 */
export function halveImage({ image, out }: { image: FloatImage; out: FloatImage }): FloatImage {
  const { width, height } = out;
  if (image.width !== 2 * width || image.height !== 2 * height) throw new Error(`halveImage: ${image.width}x${image.height} is not twice ${width}x${height}`);
  const src = image.data;
  const dst = out.data;
  const W = image.width;
  for (let y = 0; y < height; y++) {
    let a = 2 * y * W;
    let b = a + W;
    const row = y * width;
    for (let x = 0; x < width; x++, a += 2, b += 2) dst[row + x] = 0.25 * (src[a]! + src[a + 1]! + src[b]! + src[b + 1]!);
  }
  return out;
}
