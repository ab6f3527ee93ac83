/** A made scene before compression: gray frames (full range) and, per frame, the true disparity in px (NaN = unknown). */
export interface TruthScene {
  width: number;
  height: number;
  frames: Uint8Array[];
  truth: Float32Array[];
}
