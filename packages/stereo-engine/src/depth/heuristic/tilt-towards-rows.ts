import type { FloatImage } from './float-image.js';

/**
 * Mixes a `share` of "lower row = nearer" into the map: the weakest cue, it orders what the others leave level
 * (above the horizon the ground prior is flat: every pair there would be a tie).
 */
export function tiltTowardsRows({ map, share }: { map: FloatImage; share: number }): void {
  if (!(share > 0)) return;
  const { width, height, data } = map;
  for (let y = 0; y < height; y++) {
    const ramp = share * (height > 1 ? y / (height - 1) : 0);
    for (let i = y * width; i < (y + 1) * width; i++) data[i] = (1 - share) * data[i]! + ramp;
  }
}
