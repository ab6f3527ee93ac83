import type { DepthMap, Plane } from './frame.js';

/**
 * Estimates relative depth, frame by frame, in presentation order (estimators may keep state between frames:
 * motion, temporal smoothing). One instance per segment.
 */
export interface DepthEstimator {
  /**
   * `luma`: the frame's luma (Y plane, or computed from RGB) at full size; `rgb`: the frame as planar RGB when the
   * estimator asked for colour (`needsRgb`), else undefined.
   */
  estimate(args: { luma: Plane; rgb?: { r: Plane; g: Plane; b: Plane }; index: number }): Promise<DepthMap>;
  readonly needsRgb?: boolean;
  /**
   * Optional, for estimators whose state builds up over frames (motion history): given the first frames of the
   * video (luma planes, frame 0 first, at most `warmUpFrames`) before the first `estimate`, it puts itself in the
   * state a frame deep inside the video would have, so depth does not jump at the start of every segment.
   */
  warmUp?(args: { lumas: Plane[] }): Promise<void>;
  /** How many frames `warmUp` wants (default 4). */
  readonly warmUpFrames?: number;
  close(): Promise<void>;
}
