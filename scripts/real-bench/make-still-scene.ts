import type { PictureWithTruth } from './load-aloe-truth.ts';
import type { TruthScene } from './truth-scene.ts';

/** The picture held still: only single-frame cues can give depth. */
export function makeStillScene({ aloe, frames }: { aloe: PictureWithTruth; frames: number }): TruthScene {
  const { picture, truth } = aloe;
  return { width: picture.width, height: picture.height, frames: Array.from({ length: frames }, () => picture.data), truth: Array.from({ length: frames }, () => truth) };
}
