import { estimateDefocus, type DefocusScratch } from './defocus-cue.js';
import type { FloatImage } from './float-image.js';
import { halveImage } from './halve-image.js';
import { normalizeDepth, robustRange } from './robust-normalize.js';

/** The defocus cue's memory: its last maps at the working level, reused between measurements. */
export interface DefocusMemory {
  scratch: DefocusScratch;
  fineNearness: FloatImage | undefined;
  fineConfidence: FloatImage | undefined;
  nearness: FloatImage | undefined;
  confidence: FloatImage | undefined;
  strength: number;
  /** Frames since the last measurement (a depth of field changes slowly: measured every `DEFOCUS_EVERY` frames). */
  age: number;
}

/** Frames between two defocus measurements (the cue costs ~3 ms at the fine level; in between its maps are reused). */
export const DEFOCUS_EVERY = 3;

/**
 * Cue strength (0..1, from `estimateDefocus`) × this = its weight, capped at 1: a frame with a clear depth of
 * field (strength ≥ 0.2) gets its full say; sharp footage reads 0 (vtest, stereo-bench, aloe pans in bench:real).
 */
const STRENGTH_GAIN = 5;
/**
 * Per-pixel say, from the cue's local confidence: full at `CONFIDENCE_FULL`, never below `CONFIDENCE_FLOOR`. The
 * nearness between edges is already spread from the edges around (a normalised convolution); handing those pixels
 * back to the prior measured worse (aloe-dof 0.80 with no floor, 0.86 with this one, in bench:real).
 */
const CONFIDENCE_FULL = 0.1;
const CONFIDENCE_FLOOR = 0.85;

export function createDefocusMemory(): DefocusMemory {
  return { scratch: {}, fineNearness: undefined, fineConfidence: undefined, nearness: undefined, confidence: undefined, strength: 0, age: DEFOCUS_EVERY };
}

/**
 * Stage: the defocus cue blended into `fused` where the frame shows a shallow depth of field (in focus = near),
 * in proportion to its strength × local confidence × `say` (how much room the motion cues leave it). The fine
 * level is measured (blur is lost at the working level), then halved onto the working level. Returns the weight
 * it was given (0 where the frame shows no depth of field).
 */
export function fuseDefocus({ memory, fine, fused, say, depthHigh }: { memory: DefocusMemory; fine: FloatImage; fused: FloatImage; say: number; depthHigh: number }): number {
  if (fine.width !== 2 * fused.width || fine.height !== 2 * fused.height) return 0;
  if (memory.age >= DEFOCUS_EVERY || !memory.nearness || memory.nearness.width !== fused.width || memory.nearness.height !== fused.height) {
    const cue = estimateDefocus({ image: fine, out: { nearness: memory.fineNearness, confidence: memory.fineConfidence }, scratch: memory.scratch });
    memory.fineNearness = cue.nearness;
    memory.fineConfidence = cue.confidence;
    const size = (image: FloatImage | undefined): FloatImage => (image && image.width === fused.width && image.height === fused.height ? image : { data: new Float32Array(fused.data.length), width: fused.width, height: fused.height });
    memory.nearness = halveImage({ image: cue.nearness, out: size(memory.nearness) });
    memory.confidence = halveImage({ image: cue.confidence, out: size(memory.confidence) });
    // Blur gives the order, not the distance: the frame's nearness is stretched over the whole depth range (a
    // depth of field read as is spans a third of it, and the 3D looks flat).
    const range = robustRange({ input: memory.nearness, lowFraction: 0.05, highFraction: 0.95 });
    normalizeDepth({ input: memory.nearness, low: range.low, high: range.high, out: memory.nearness });
    memory.strength = cue.strength;
    memory.age = 0;
  }
  memory.age += 1;
  const weight = Math.min(1, STRENGTH_GAIN * memory.strength) * say;
  if (!(weight > 0)) return 0;
  const fd = fused.data;
  const near = memory.nearness.data;
  const conf = memory.confidence!.data;
  for (let i = 0; i < fd.length; i++) {
    const t = weight * Math.max(CONFIDENCE_FLOOR, Math.min(1, conf[i]! / CONFIDENCE_FULL));
    fd[i] = (1 - t) * fd[i]! + t * near[i]! * depthHigh;
  }
  return weight;
}
