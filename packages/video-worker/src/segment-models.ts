import type { DepthModel } from '@stereo-spot/shared-types';
import { passthroughModel } from './passthrough-model.js';
import type { SegmentModel } from './segment-model.js';

/** One model per depth estimator name: a new estimator that is not wired here fails to compile. */
export const SEGMENT_MODELS: Readonly<Record<DepthModel, SegmentModel>> = {
  passthrough: passthroughModel,
};
