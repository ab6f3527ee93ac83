/** The heuristic estimator's settings (working resolution, motion search, cue thresholds, smoothing). */
export interface HeuristicOptions {
  workWidth: number;
  blockSize: number;
  searchRadius: number;
  frameGap: number;
  /** Frames between the finer level's motion reference and the current frame (a longer baseline: more parallax). */
  parallaxGap: number;
  /** The finer level's width as a multiple of `workWidth`. */
  fineScale: number;
  horizon: number;
  guidedRadius: number;
  guidedEpsilon: number;
  temporalAlpha: number;
  /**
   * Depth (prior units: 0 at the horizon, 1 at the bottom row) mapped to the output's 0 and 1. Fixed, not learned
   * per shot: every segment of a video starts a new estimator, and a range re-learned at each start makes the whole
   * map jump at the joins.
   */
  depthLow: number;
  depthHigh: number;
  motionAlpha: number;
  translationLow: number;
  translationHigh: number;
  moverThreshold: number;
  segmentK: number;
  compensate: boolean;
}

export const DEFAULT_HEURISTIC_OPTIONS: HeuristicOptions = {
  workWidth: 192,
  blockSize: 8,
  searchRadius: 4,
  frameGap: 2,
  parallaxGap: 4,
  fineScale: 2,
  horizon: 0.4,
  guidedRadius: 4,
  guidedEpsilon: 400,
  temporalAlpha: 0.3,
  // The 98th percentile of typical maps (the ground's bottom rows and the objects standing on them reach ~0.93–0.95).
  depthLow: 0,
  depthHigh: 0.95,
  motionAlpha: 0.5,
  translationLow: 0.05,
  translationHigh: 0.2,
  moverThreshold: 0.15,
  segmentK: 300,
  compensate: true,
};

/** Block matches less confident than this say nothing about motion (flat or repetitive content). */
export const MIN_MATCH_CONFIDENCE = 0.1;

/** Frames of a segment's start that `warmUp` uses (more costs time and adds little: the state settles in ~3). */
export const WARM_UP_FRAMES = 4;
