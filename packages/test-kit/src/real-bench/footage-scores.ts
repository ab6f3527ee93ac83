import { dilate, ellipseKernel, open, squareKernel, type BinaryMask } from './binary-mask.js';
import { connectedComponents } from './connected-components.js';
import { gaussianBlur } from './gaussian-blur.js';
import { nanMedian, nanPercentiles } from './nan-percentiles.js';
import { TIE_PX } from './rank-scores.js';

/** A source pixel this far (8-bit levels) from its temporal median is moving in that frame. */
const MOVING_LEVELS = 25;
/** Moving blobs smaller than this share of the frame are noise, not movers. */
const MIN_BLOB_SHARE = 0.002;
/** The still surroundings a blob is compared with: what a 15-px ellipse around it reaches. */
const RING_SIZE = 15;

export interface FootageScores {
  frames: number;
  /** Share of pixels still in every frame (and with a known disparity): where flicker is measured. */
  staticFrac: number;
  /** Median over still pixels of the disparity's std-dev over time, ÷ the disparity's 2–98 % span; lower is steadier. */
  flicker: number | null;
  spanPx: number;
  moverBlobs: number;
  /** Share of moving blobs whose disparity is above that of the still surroundings they occlude (tie = ½). */
  moversAhead: number | null;
}

/**
 * Footage from a still camera, without truth: how steady the disparity (px, NaN = unknown) is where the source
 * never changes, and whether moving things (people walking) stand in front of what they pass. `sources`: the
 * 8-bit luma of the same frames, unblurred.
 */
export function footageScores({ disparity, sources, width, height }: { disparity: Float32Array[]; sources: Uint8Array[]; width: number; height: number }): FootageScores {
  const size = width * height;
  const frames = Math.min(disparity.length, sources.length);
  // Blurred first, so that compression noise does not count as motion.
  const blurred = sources.slice(0, frames).map((data) => gaussianBlur({ data, width, height, sigma: 0, size: 5 }));
  const background = temporalMedian({ planes: blurred, size });
  const moving = blurred.map((s) => {
    const m = new Uint8Array(size);
    for (let i = 0; i < size; i++) m[i] = Math.abs(s[i]! - background[i]!) > MOVING_LEVELS ? 1 : 0;
    return m;
  });

  let values = 0;
  for (let k = 0; k < frames; k++) values += size;
  const all = new Float32Array(values);
  for (let k = 0; k < frames; k++) all.set(disparity[k]!.subarray(0, size), k * size);
  const [p2, p98] = nanPercentiles({ values: all, percents: [2, 98] }) as [number, number];
  const span = p98 - p2;

  const steady: number[] = [];
  for (let i = 0; i < size; i++) {
    let still = true;
    for (let k = 0; k < frames && still; k++) if (moving[k]![i]) still = false;
    if (!still) continue;
    const sd = nanStd({ planes: disparity, frames, index: i });
    if (Number.isFinite(sd)) steady.push(sd);
  }
  const flicker = steady.length > 0 ? nanMedian(steady) / Math.max(span, 1e-6) : null;

  let ahead = 0;
  let blobs = 0;
  const ring = ellipseKernel(RING_SIZE);
  const speck = squareKernel(3);
  for (let k = 0; k < frames; k++) {
    const d = disparity[k]!;
    const mv = open({ mask: { data: moving[k]!, width, height }, kernel: speck });
    const { labels, components } = connectedComponents(mv);
    for (const c of components) {
      if (c.area < MIN_BLOB_SHARE * size) continue;
      const { inside, around } = blobAndRing({ labels, label: c.label, box: c, mv, kernel: ring });
      const di = nanMedian(inside.map((i) => d[i]!));
      const dr = nanMedian(around.map((i) => d[i]!));
      if (!Number.isFinite(di) || !Number.isFinite(dr)) continue;
      blobs++;
      ahead += di > dr + TIE_PX ? 1 : Math.abs(di - dr) <= TIE_PX ? 0.5 : 0;
    }
  }
  return { frames, staticFrac: steady.length / size, flicker, spanPx: span, moverBlobs: blobs, moversAhead: blobs > 0 ? ahead / blobs : null };
}

/** Per pixel, the median over frames (the mean of the middle two for an even count, as numpy). */
function temporalMedian({ planes, size }: { planes: Uint8Array[]; size: number }): Float32Array {
  const out = new Float32Array(size);
  const n = planes.length;
  const column = new Uint8Array(n);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < n; k++) column[k] = planes[k]![i]!;
    column.sort();
    out[i] = n % 2 ? column[n >> 1]! : (column[(n >> 1) - 1]! + column[n >> 1]!) / 2;
  }
  return out;
}

/** Population std-dev over frames of one pixel's finite values; NaN when it has none. */
function nanStd({ planes, frames, index }: { planes: Float32Array[]; frames: number; index: number }): number {
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < frames; k++) {
    const v = planes[k]![index]!;
    if (!Number.isFinite(v)) continue;
    n++;
    sum += v;
    sum2 += v * v;
  }
  if (n === 0) return Number.NaN;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sum2 / n - mean * mean));
}

/**
 * The blob's pixel indices, and those of its ring: the blob dilated by the kernel, less the blob and less every
 * moving pixel (another mover is not the background). Computed in the blob's box grown by the kernel's reach.
 */
function blobAndRing({ labels, label, box, mv, kernel }: { labels: Int32Array; label: number; box: { x0: number; y0: number; x1: number; y1: number }; mv: BinaryMask; kernel: BinaryMask }): { inside: number[]; around: number[] } {
  const { width, height } = mv;
  const reach = kernel.width >> 1;
  const x0 = Math.max(0, box.x0 - reach);
  const y0 = Math.max(0, box.y0 - reach);
  const w = Math.min(width, box.x1 + reach) - x0;
  const h = Math.min(height, box.y1 + reach) - y0;
  const local = new Uint8Array(w * h);
  const inside: number[] = [];
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * width + x;
      if (labels[i] !== label) continue;
      local[(y - y0) * w + (x - x0)] = 1;
      inside.push(i);
    }
  }
  const grown = dilate({ mask: { data: local, width: w, height: h }, kernel }).data;
  const around: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y + y0) * width + x + x0;
      if (grown[y * w + x] && !local[y * w + x] && !mv.data[i]) around.push(i);
    }
  }
  return { inside, around };
}
