import { boxMean } from './box-mean.js';
import type { FrameBuffers } from './estimator-buffers.js';
import type { FloatImage } from './float-image.js';
import { segmentRegions } from './segment-regions.js';
import { uprightRegions } from './upright-regions.js';

/**
 * The single-frame cue, into `frame.base`: the ground prior, with regions that look like upright things taking
 * the depth of the ground where they stand. Only computed when used: a translating camera replaces it by the
 * motion parallax.
 */
export function singleFrameDepth({ current, frame, segmentK }: { current: FloatImage; frame: FrameBuffers; segmentK: number }): FloatImage {
  const base = frame.base;
  base.data.set(frame.prior.data);
  if (segmentK > 0) {
    const regions = segmentRegions({ image: boxMean({ input: current, radius: 1, out: frame.smoothed, scratch: frame.scratch }), k: segmentK, minSize: 20, scratch: frame.segmentation });
    uprightRegions({ regions, prior: frame.prior, out: base });
  }
  return base;
}
