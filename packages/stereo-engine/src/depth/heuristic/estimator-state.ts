import { createDefocusMemory, DEFOCUS_EVERY, type DefocusMemory } from './defocus-depth.js';
import { createEstimatorBuffers } from './estimator-buffers.js';
import type { FloatImage } from './float-image.js';
import type { GlobalMotion } from './global-motion.js';
import type { HeuristicOptions } from './heuristic-options.js';
import type { SingleFrameMemory } from './single-frame-depth.js';
import type { BackgroundModel } from './still-camera-movers.js';
import { createTemporalFilter, type TemporalFilter } from './temporal-filter.js';

/**
 * Everything the heuristic estimator carries from one frame to the next, in one place: the stages
 * (`estimate-frame.ts`) read and update it, and nothing else holds state.
 */
export interface EstimatorState {
  readonly options: HeuristicOptions;
  readonly temporal: TemporalFilter;
  readonly buffers: ReturnType<typeof createEstimatorBuffers>;
  /** Downscaled lumas of the last `frameGap` frames, oldest first: the motion references. */
  history: FloatImage[];
  /**
   * Frames at the finer level (twice the working width) within `parallaxGap` of the current one, with their index
   * in the segment (warmUp's frames lie ahead of frame 0): the parallax references.
   */
  fineHistory: { image: FloatImage; index: number }[];
  /** Index of the next frame `estimate` gets (0 = the segment's first). */
  nextIndex: number;
  /** True while warmUp runs backwards over the segment's first frames. */
  warming: boolean;
  /** Per-block residual motion (after the camera's), smoothed over the shot; undefined until measured. */
  residual: { dx: Float32Array; dy: Float32Array } | undefined;
  /** The ground's parallax per frame at prior 1 (camera translation seen on the ground), smoothed. */
  translation: number;
  /** Motion measurements in this shot so far (trust in the motion cues grows with it). */
  measurements: number;
  /** The camera's image motion per frame at the last measurement (the next search is centred on it). */
  lastGlobal: GlobalMotion;
  /** The general parallax cue's memory: which end of the parallax is near, and how much parallax the shot shows. */
  parallax: { sign: number; weight: number; measured: boolean; low: number; high: number; rangeSign: number; keepGround: number; agreed: boolean; previousDepth?: Float32Array };
  /** A still camera's background (movers are what differs from it); dropped when the camera moves. */
  background: BackgroundModel;
  /** The single-frame cue's last map. */
  singleFrame: SingleFrameMemory;
  /** The defocus cue's last maps and strength. */
  defocus: DefocusMemory;
  /** Set by warmUp: after the next frame (frame 0, reached backwards), time runs forwards again. */
  turnAround: boolean;
  /** True once `estimate` has returned a map (warmUp is then refused). */
  estimated: boolean;
}

export function createEstimatorState(options: HeuristicOptions): EstimatorState {
  return {
    options,
    temporal: createTemporalFilter({ alpha: options.temporalAlpha }),
    buffers: createEstimatorBuffers(),
    history: [],
    fineHistory: [],
    nextIndex: 0,
    warming: false,
    residual: undefined,
    translation: 0,
    measurements: 0,
    lastGlobal: { dx: 0, dy: 0 },
    parallax: { sign: 1, weight: 0, measured: false, low: 0, high: 0, rangeSign: 1, keepGround: 0, agreed: false },
    background: { image: undefined, frames: 0 },
    singleFrame: { base: undefined, age: 0 },
    defocus: createDefocusMemory(),
    turnAround: false,
    estimated: false,
  };
}

/** A scene cut: nothing of the old shot (motion, depth history) may leak into the new one. */
export function startNewShot(state: EstimatorState): void {
  state.history = [];
  state.fineHistory = [];
  state.temporal.reset();
  state.residual = undefined;
  state.measurements = 0;
  state.lastGlobal = { dx: 0, dy: 0 };
  state.background = { image: undefined, frames: 0 };
  state.defocus.age = DEFOCUS_EVERY;
  state.singleFrame.base = undefined;
  state.parallax = { sign: 1, weight: 0, measured: false, low: 0, high: 0, rangeSign: 1, keepGround: 0, agreed: false };
}

/**
 * After warmUp has run backwards down to frame 0: from here time runs forwards, so the motions flip sign and
 * frame 0 is the only motion reference of the working level (the fine level keeps its frames: they carry their
 * indices, so the frames warmUp saw ahead of frame 0 serve as references at once).
 */
export function runForwards({ state, current }: { state: EstimatorState; current: FloatImage }): void {
  state.turnAround = false;
  state.history = [current];
  state.lastGlobal = { dx: -state.lastGlobal.dx, dy: -state.lastGlobal.dy };
  const residual = state.residual;
  if (residual) {
    for (let k = 0; k < residual.dx.length; k++) {
      residual.dx[k] = -residual.dx[k]!;
      residual.dy[k] = -residual.dy[k]!;
    }
  }
}
