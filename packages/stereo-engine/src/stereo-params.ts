import { DEFAULT_STEREO_SETTINGS } from '@stereo-spot/shared-types';

/** How depth becomes disparity. Defaults match iw3/VisionDepth3D's comfortable range. */
export interface StereoParams {
  /** Maximum disparity between the two views, in % of the frame width. */
  divergence: number;
  /** Which depth sits on the screen plane, 0 (farthest) .. 1 (nearest); nearer than it pops out. */
  convergence: number;
  /** Scales the disparity of what is nearer than the screen plane (1 = linear). */
  foregroundScale: number;
  /** true: both eyes synthesised, each shifted by half; false: the original is the left eye. */
  symmetric: boolean;
  /** Grows near regions of the depth map by this many pixels (of the frame) before warping, so edges do not smear. 0 = off. */
  edgeDilation: number;
}

export const DEFAULT_STEREO_PARAMS: StereoParams = {
  ...DEFAULT_STEREO_SETTINGS,
  foregroundScale: 1,
  symmetric: true,
  edgeDilation: 2,
};
