import type { FloatImage } from './float-image.js';
import { sampleBilinear } from './sample-bilinear.js';

/** A pixel rectangle [x0, x1) × [y0, y1). */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Which pixels of `rect` belong to an object moving by `object` rather than to the static world (moving by
 * `background(y)`, per row: the camera's motion plus the ground's parallax): each pixel takes the hypothesis
 * whose motion-compensated difference to `previous` is smaller, summed over a 3×3 neighbourhood. Block motion
 * only says "somewhere in this 8×8 block"; this gives the object's outline — above all its lowest row, where it
 * stands on the ground — to the pixel. Pixels where neither hypothesis is clearly better (flat luma) fall back
 * to `seed` (1 inside the object's blocks). Returns a mask of `rect`'s size, row-major.
 */
export function moverPixels({ previous, current, rect, object, background, seed, margin = 0.15 }: {
  previous: FloatImage;
  current: FloatImage;
  rect: Rect;
  object: { dx: number; dy: number };
  background: (y: number) => { dx: number; dy: number };
  seed: Uint8Array;
  margin?: number;
}): Uint8Array {
  const rw = rect.x1 - rect.x0;
  const rh = rect.y1 - rect.y0;
  const { width } = current;
  // Per-pixel errors of both hypotheses, with a one-pixel apron for the 3×3 sums.
  const pw = rw + 2;
  const ph = rh + 2;
  const errObject = new Float32Array(pw * ph);
  const errBackground = new Float32Array(pw * ph);
  for (let j = 0; j < ph; j++) {
    const y = Math.min(current.height - 1, Math.max(0, rect.y0 + j - 1));
    const bg = background(y);
    for (let i = 0; i < pw; i++) {
      const x = Math.min(width - 1, Math.max(0, rect.x0 + i - 1));
      const v = current.data[y * width + x]!;
      errObject[j * pw + i] = Math.abs(v - sampleBilinear(previous, x - object.dx, y - object.dy));
      errBackground[j * pw + i] = Math.abs(v - sampleBilinear(previous, x - bg.dx, y - bg.dy));
    }
  }
  const mask = new Uint8Array(rw * rh);
  for (let j = 0; j < rh; j++) {
    for (let i = 0; i < rw; i++) {
      let eo = 0;
      let eb = 0;
      for (let v = 0; v < 3; v++) {
        const row = (j + v) * pw + i;
        eo += errObject[row]! + errObject[row + 1]! + errObject[row + 2]!;
        eb += errBackground[row]! + errBackground[row + 1]! + errBackground[row + 2]!;
      }
      // Contrast of the two errors in [−1, 1]: > margin object, < −margin static world, in between undecided.
      const score = (eb - eo) / (eb + eo + 9);
      const k = j * rw + i;
      mask[k] = score > margin ? 1 : score < -margin ? 0 : seed[k]!;
    }
  }
  return mask;
}

/**
 * The row where a masked object stands: the lowest row still holding a fair share of its pixels (at least
 * `fraction` of its widest row), so a few stray pixels below it do not pull it down. −1 for an empty mask.
 */
export function contactRow({ mask, width, height, fraction = 0.25 }: { mask: Uint8Array; width: number; height: number; fraction?: number }): number {
  const counts = new Int32Array(height);
  let widest = 0;
  for (let j = 0; j < height; j++) {
    let c = 0;
    for (let i = 0; i < width; i++) c += mask[j * width + i]!;
    counts[j] = c;
    widest = Math.max(widest, c);
  }
  if (widest === 0) return -1;
  const need = Math.max(1, fraction * widest);
  for (let j = height - 1; j >= 0; j--) if (counts[j]! >= need) return j;
  return -1;
}
