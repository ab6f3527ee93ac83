import type { FloatImage } from './float-image.js';
import type { Regions } from './segment-regions.js';

/**
 * Single-frame "objects stand on the ground": every region that looks like an upright thing takes the ground
 * prior at its lowest row (its contact point) all the way up, instead of a gradient that makes its top look far.
 * A region counts as upright when it is narrower than `maxWidth` (fraction of the image width: the ground and the
 * sky are wide) and stands below the horizon; its lowest row is the lowest one still holding `contactFraction` of
 * its widest row (a few leaked pixels do not pull it down). Results are max-ed into `out` (never farther than the
 * prior). Returns the number of upright regions.
 */
export function uprightRegions({ regions, prior, out, maxWidth = 0.4, minAspect = 0.5, minFill = 0.5, contactFraction = 0.25 }: {
  regions: Regions;
  prior: FloatImage;
  out: FloatImage;
  maxWidth?: number;
  minAspect?: number;
  minFill?: number;
  contactFraction?: number;
}): number {
  const { width, height } = prior;
  const { labels, count } = regions;
  const minX = new Int32Array(count).fill(width);
  const maxX = new Int32Array(count).fill(-1);
  const minY = new Int32Array(count).fill(height);
  const maxY = new Int32Array(count).fill(-1);
  const area = new Int32Array(count);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = labels[y * width + x]!;
      area[r]! += 1;
      if (x < minX[r]!) minX[r] = x;
      if (x > maxX[r]!) maxX[r] = x;
      if (y < minY[r]!) minY[r] = y;
      if (y > maxY[r]!) maxY[r] = y;
    }
  }
  // Per-region row histograms, only for the candidates (narrow regions reaching below the horizon).
  const candidate = new Int32Array(count).fill(-1);
  let candidates = 0;
  for (let r = 0; r < count; r++) {
    const w = maxX[r]! - minX[r]! + 1;
    const h = maxY[r]! - minY[r]! + 1;
    if (w > maxWidth * width || h < minAspect * w || area[r]! < minFill * w * h) continue;
    if (!(prior.data[maxY[r]! * width]! > 0)) continue;
    candidate[r] = candidates++;
  }
  if (candidates === 0) return 0;
  const rows = new Int32Array(candidates * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = candidate[labels[y * width + x]!]!;
      if (c >= 0) rows[c * height + y]! += 1;
    }
  }
  const contact = new Float32Array(count).fill(-1);
  for (let r = 0; r < count; r++) {
    const c = candidate[r]!;
    if (c < 0) continue;
    let widest = 0;
    for (let y = minY[r]!; y <= maxY[r]!; y++) widest = Math.max(widest, rows[c * height + y]!);
    for (let y = maxY[r]!; y >= minY[r]!; y--) {
      if (rows[c * height + y]! >= contactFraction * widest) {
        contact[r] = prior.data[y * width]!;
        break;
      }
    }
  }
  const p = prior.data;
  const d = out.data;
  for (let i = 0; i < labels.length; i++) {
    const v = contact[labels[i]!]!;
    if (v > 0) d[i] = Math.max(d[i]!, p[i]!, v);
  }
  return candidates;
}
