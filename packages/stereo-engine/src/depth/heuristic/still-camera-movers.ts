import { boxMean } from './box-mean.js';
import type { FloatImage } from './float-image.js';

/** A still camera's background, learnt at the fine level: a running average that foreground pixels barely move. */
export interface BackgroundModel {
  image: FloatImage | undefined;
  /** Frames averaged into it since it was (re)started. */
  frames: number;
  /** The last frame seen (what changes from it now is moving now). */
  previous?: Float32Array;
  /** Per pixel, frames it has stood still in a row (capped at 255). */
  stillFrames?: Uint8Array;
}

/**
 * Share of a frame taken into the background: where it matches it (faster while the model is young); where it
 * differs, barely (a mover passing, its flat inside included, which stands still for a few frames); where it
 * differs but has stood still for `STOPPED_FRAMES` (a mover that stopped, or the ghost of where one stood when the
 * model started: absorbed in under a second).
 */
const LEARN = 0.05;
const LEARN_YOUNG = 0.3;
const LEARN_MOVING = 0.01;
const LEARN_STOPPED = 0.2;
/** Frames a differing pixel must stand still to count as stopped rather than as the inside of a passing mover. */
const STOPPED_FRAMES = 6;
/** Luma difference (0..255, 3×3 mean) from the background that makes a pixel foreground. */
const THRESHOLD = 20;
/** Change from the last frame (0..255, 3×3 mean) under which a pixel stands still now. */
const STILL_CHANGE = 6;
/** Frames before the background is trusted (the first frames still hold the movers' own positions). */
const MIN_FRAMES = 8;
/** Smallest mover kept, in working pixels (noise and leaves flicker in smaller specks). */
const MIN_AREA = 6;

/**
 * Movers on a still camera by background subtraction: pixels of `fine` that differ from the learnt background,
 * reduced to the working level (`out`, `width`×`height`, half the fine size) and cleared of specks. Block motion
 * at the working level misses people a block or two wide; the background shows every pixel that changed. Updates
 * the model. Returns the number of mover pixels (0 while the model is young).
 */
export function detectStillMovers({ model, fine, width, height, out, scratch }: {
  model: BackgroundModel;
  fine: FloatImage;
  width: number;
  height: number;
  out: Uint8Array;
  scratch: { difference: FloatImage; changed: FloatImage; smoothed: FloatImage; box: FloatImage; queue: Int32Array };
}): number {
  out.fill(0);
  const bg = model.image;
  if (!bg || bg.width !== fine.width || bg.height !== fine.height) {
    model.image = { data: fine.data.slice(), width: fine.width, height: fine.height };
    model.previous = fine.data.slice();
    model.stillFrames = new Uint8Array(fine.data.length);
    model.frames = 1;
    return 0;
  }
  const f = fine.data;
  const b = bg.data;
  const previous = model.previous && model.previous.length === f.length ? model.previous : f;
  const diff = scratch.difference.data;
  for (let i = 0; i < f.length; i++) diff[i] = Math.abs(f[i]! - previous[i]!);
  const change = boxMean({ input: scratch.difference, radius: 1, out: scratch.changed, scratch: scratch.box }).data;
  for (let i = 0; i < f.length; i++) diff[i] = Math.abs(f[i]! - b[i]!);
  const smooth = boxMean({ input: scratch.difference, radius: 1, out: scratch.smoothed, scratch: scratch.box }).data;
  const young = model.frames < MIN_FRAMES;
  if (!model.stillFrames || model.stillFrames.length !== f.length) model.stillFrames = new Uint8Array(f.length);
  const stillFrames = model.stillFrames;
  for (let i = 0; i < f.length; i++) {
    const stillFor = change[i]! <= STILL_CHANGE ? Math.min(255, stillFrames[i]! + 1) : 0;
    stillFrames[i] = stillFor;
    const rate = smooth[i]! <= THRESHOLD ? (young ? LEARN_YOUNG : LEARN) : stillFor >= STOPPED_FRAMES ? LEARN_STOPPED : LEARN_MOVING;
    b[i]! += rate * (f[i]! - b[i]!);
  }
  if (!model.previous || model.previous.length !== f.length) model.previous = new Float32Array(f.length);
  model.previous.set(f);
  model.frames += 1;
  if (model.frames < MIN_FRAMES) return 0;
  const fw = fine.width;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = 2 * y * fw + 2 * x;
      const votes = (smooth[a]! > THRESHOLD ? 1 : 0) + (smooth[a + 1]! > THRESHOLD ? 1 : 0) + (smooth[a + fw]! > THRESHOLD ? 1 : 0) + (smooth[a + fw + 1]! > THRESHOLD ? 1 : 0);
      out[y * width + x] = votes >= 2 ? 1 : 0;
    }
  }
  return dropSpecks({ mask: out, width, height, minArea: MIN_AREA, queue: scratch.queue });
}

/** Clears 4-connected groups smaller than `minArea`; returns the pixels left. */
function dropSpecks({ mask, width, height, minArea, queue }: { mask: Uint8Array; width: number; height: number; minArea: number; queue: Int32Array }): number {
  let kept = 0;
  // 1 = unvisited mover, 2 = kept, 0 = background; a group is flood-filled into `queue`, then kept or cleared.
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    mask[start] = 2;
    while (head < tail) {
      const i = queue[head++]!;
      const x = i % width;
      const y = (i - x) / width;
      if (x > 0 && mask[i - 1] === 1) { mask[i - 1] = 2; queue[tail++] = i - 1; }
      if (x < width - 1 && mask[i + 1] === 1) { mask[i + 1] = 2; queue[tail++] = i + 1; }
      if (y > 0 && mask[i - width] === 1) { mask[i - width] = 2; queue[tail++] = i - width; }
      if (y < height - 1 && mask[i + width] === 1) { mask[i + width] = 2; queue[tail++] = i + width; }
    }
    if (tail < minArea) for (let k = 0; k < tail; k++) mask[queue[k]!] = 0;
    else kept += tail;
  }
  for (let i = 0; i < mask.length; i++) if (mask[i] === 2) mask[i] = 1;
  return kept;
}
