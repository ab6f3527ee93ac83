import { gaussianBlur } from '@stereo-spot/test-kit/real-bench';
import { fillTruth } from './fill-truth.ts';
import type { PictureWithTruth } from './load-aloe-truth.ts';
import type { TruthScene } from './truth-scene.ts';

const LAYERS = 9;

/**
 * A shallow depth of field, held still, as real_depth.py's `dof`: focus at the `focus` percentile of disparity
 * (95 = the nearest surfaces), blur sigma proportional to the disparity's distance from it, up to `blur` px (a thin
 * lens blurs by the difference of inverse depths, and disparity is inverse depth), in 9 Gaussian layers from sharp
 * to `blur`. Focus is a depth cue a converter may use (or be fooled by).
 */
export function makeDofScene({ aloe, frames, blur, focus }: { aloe: PictureWithTruth; frames: number; blur: number; focus: number }): TruthScene {
  const { picture, truth } = aloe;
  const { width, height } = picture;
  const filled = fillTruth({ truth, width, height });
  const known = Array.from(filled).filter(Number.isFinite).sort((a, b) => a - b);
  const at = (p: number) => {
    // numpy's linear percentile.
    const r = (p / 100) * (known.length - 1);
    const lo = Math.floor(r);
    return known[lo]! + (r - lo) * ((known[Math.min(known.length - 1, lo + 1)] ?? known[lo]!) - known[lo]!);
  };
  const inFocus = at(focus);
  const range = Math.max(1e-6, known[known.length - 1]! - known[0]!);
  const step = blur / (LAYERS - 1);
  const layers = Array.from({ length: LAYERS }, (_, k) => (k === 0 ? picture.data : gaussianBlur({ data: picture.data, width, height, sigma: k * step })));
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const r = (blur * Math.abs(filled[i]! - inFocus)) / range;
    const k = Math.min(LAYERS - 1, Math.max(0, Math.round(r / step)));
    out[i] = layers[k]![i]!;
  }
  return { width, height, frames: Array.from({ length: frames }, () => out), truth: Array.from({ length: frames }, () => truth) };
}
