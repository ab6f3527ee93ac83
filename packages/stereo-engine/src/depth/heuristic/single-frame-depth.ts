import { boxMean } from './box-mean.js';
import type { FrameBuffers } from './estimator-buffers.js';
import type { FloatImage } from './float-image.js';
import { segmentRegions } from './segment-regions.js';
import { uprightRegions } from './upright-regions.js';

/** Frames a single-frame map serves (1 = computed every frame). */
export const SINGLE_FRAME_EVERY = 2;

/** Which map the single-frame cue last wrote, and how many frames it has served. */
export interface SingleFrameMemory {
  base: FloatImage | undefined;
  age: number;
}

/**
 * The single-frame cue, into `frame.base`: the ground prior, with regions that look like upright things taking
 * the depth of the ground where they stand. Only computed when used: a translating camera replaces it by the
 * motion parallax.
 */
export function singleFrameDepth({ current, frame, segmentK, memory }: { current: FloatImage; frame: FrameBuffers; segmentK: number; memory: SingleFrameMemory }): FloatImage {
  const base = frame.base;
  // Regions barely change from one frame to the next: the last map is reused for a frame (the temporal filter
  // blends them anyway), halving the segmentation's cost.
  if (memory.age < SINGLE_FRAME_EVERY && memory.base === base) {
    memory.age += 1;
    return base;
  }
  memory.age = 1;
  memory.base = base;
  base.data.set(frame.prior.data);
  if (segmentK > 0) {
    const regions = segmentRegions({ image: boxMean({ input: current, radius: 1, out: frame.smoothed, scratch: frame.scratch }), k: segmentK, minSize: 20, scratch: frame.segmentation });
    uprightRegions({ regions, prior: frame.prior, out: base });
  }
  return base;
}
