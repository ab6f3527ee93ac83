import type { FloatImage } from './float-image.js';
import { warpByMotion, type MotionMap } from './warp-by-motion.js';

export interface TemporalFilter {
  /**
   * Blends `map` into the running average and returns the average. `weight`: how much this frame's estimate can
   * be trusted (default 1); `motion`: per-pixel motion since the previous push, to carry the average along with
   * the content first. The first map after a reset or a size change starts the average over.
   */
  push(map: FloatImage, options?: { weight?: number; motion?: MotionMap }): FloatImage;
  /** Forgets the history: the next `push` starts over (a scene cut — the old shot's depth must not leak in). */
  reset(): void;
}

/**
 * Exponential moving average of depth maps, damping the frame-to-frame jitter of the cues (flicker in the stereo
 * output). Frames are weighted: the average is Σ (1 − alpha)^age · wᵢ · mapᵢ / Σ (1 − alpha)^age · wᵢ. With equal
 * weights that settles into the plain EMA `state += alpha·(map − state)`, its first frames being averaged more
 * evenly (the first map does not dominate for 1/alpha frames); a low-confidence frame (the first of a shot, before
 * any motion has been seen) is outweighed at once by the better-informed frames after it. With `motion` the
 * average is motion-compensated, so a low alpha does not make moving objects trail.
 */
export function createTemporalFilter({ alpha }: { alpha: number }): TemporalFilter {
  let state: FloatImage | undefined;
  let spare: FloatImage | undefined;
  let total = 0;
  return {
    push(map, { weight = 1, motion } = {}) {
      const w = Math.max(weight, 1e-6);
      if (state === undefined || state.width !== map.width || state.height !== map.height) {
        state = { data: map.data.slice(), width: map.width, height: map.height };
        total = w;
        return state;
      }
      if (motion) {
        const warped = warpByMotion({ image: state, motion, out: spare });
        spare = state;
        state = warped;
      }
      total = (1 - alpha) * total + w;
      const gain = w / total;
      const s = state.data;
      const m = map.data;
      for (let i = 0; i < s.length; i++) s[i]! += gain * (m[i]! - s[i]!);
      return state;
    },
    reset() {
      state = undefined;
      total = 0;
    },
  };
}
