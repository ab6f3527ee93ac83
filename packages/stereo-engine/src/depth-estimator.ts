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
  close(): Promise<void>;
}
