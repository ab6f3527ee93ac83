import type { FloatImage } from './float-image.js';
import { groundPrior } from './ground-prior.js';
import type { GuidedFilterScratch } from './guided-filter.js';
import type { SegmentationScratch } from './segment-regions.js';

/** Working-resolution buffers of one estimator, allocated once per frame size and reused every frame. */
export interface FrameBuffers {
  width: number;
  height: number;
  /** The ground prior (depends on the size only). */
  prior: FloatImage;
  base: FloatImage;
  fused: FloatImage;
  smoothed: FloatImage;
  scratch: FloatImage;
  refined: FloatImage;
  normalized: FloatImage;
  blockDepth: FloatImage;
  motionX: FloatImage;
  motionY: FloatImage;
  standing: FloatImage;
  occluderDepth: FloatImage;
  occluderMask: Uint8Array;
  moverMask: Uint8Array;
  stillMoverMask: Uint8Array;
  queue: Int32Array;
  segmentation: SegmentationScratch;
  guided: GuidedFilterScratch;
  /** A per-block scratch array of at least `count` values. */
  agreement(count: number): Float32Array;
  /** A downscaled-luma image that is not one of `inUse` (the frames kept as motion references). */
  spareLuma(inUse: readonly FloatImage[]): FloatImage;
}

/** Per-block buffers (the motion grid), reused while the grid keeps its size. */
export interface BlockBuffers {
  prior: Float32Array;
  far: Float32Array;
  relX: Float32Array;
  relY: Float32Array;
  depth: Float32Array;
  groundTop: Float32Array;
  groundBottom: Float32Array;
  moving: Uint8Array;
  valid: Uint8Array;
}

/** The finer level's lumas (the general parallax is matched there). */
export interface FineBuffers {
  width: number;
  height: number;
  difference: FloatImage;
  changed: FloatImage;
  smoothed: FloatImage;
  box: FloatImage;
  spareLuma(inUse: readonly FloatImage[]): FloatImage;
}

/** Per-block buffers of the general parallax cue. */
export interface ParallaxBuffers {
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
  prior: Float32Array;
  rx: Float32Array;
  ry: Float32Array;
  along: Float32Array;
  sorted: Float32Array;
  deviation: Float32Array;
  depth: Float32Array;
  confidence: Float32Array;
  across: Uint8Array;
}

/**
 * The estimator's scratch memory: per-frame allocations of ~20 full working-size maps were most of its garbage
 * collection. Everything is reallocated only when the frame size (or the grid) changes.
 */
export function createEstimatorBuffers(): { frame(args: { width: number; height: number; horizon: number; lumaCount: number }): FrameBuffers; blocks(count: number): BlockBuffers; parallax(count: number): ParallaxBuffers; fine(args: { width: number; height: number; lumaCount: number }): FineBuffers } {
  let frame: (FrameBuffers & { horizon: number }) | undefined;
  let blocks: BlockBuffers | undefined;
  let parallax: ParallaxBuffers | undefined;
  let fine: FineBuffers | undefined;
  return {
    frame({ width, height, horizon, lumaCount }) {
      if (frame && frame.width === width && frame.height === height && frame.horizon === horizon) return frame;
      const n = width * height;
      const image = (): FloatImage => ({ data: new Float32Array(n), width, height });
      const lumas = Array.from({ length: Math.max(2, lumaCount) }, image);
      let agreementScratch = new Float32Array(0);
      frame = {
        width, height, horizon,
        prior: groundPrior({ width, height, horizon }),
        base: image(), fused: image(), smoothed: image(), scratch: image(), refined: image(), normalized: image(),
        blockDepth: image(), motionX: image(), motionY: image(), standing: image(), occluderDepth: image(),
        occluderMask: new Uint8Array(n), moverMask: new Uint8Array(n), stillMoverMask: new Uint8Array(n), queue: new Int32Array(n),
        segmentation: {},
        guided: {},
        agreement(count) {
          if (agreementScratch.length < count) agreementScratch = new Float32Array(count);
          return agreementScratch.subarray(0, count);
        },
        spareLuma(inUse) {
          const free = lumas.find((candidate) => !inUse.includes(candidate));
          if (!free) throw new Error('estimator buffers: every luma buffer is in use');
          return free;
        },
      };
      return frame;
    },
    blocks(count) {
      if (blocks && blocks.prior.length === count) return blocks;
      const f = () => new Float32Array(count);
      blocks = { prior: f(), far: f(), relX: f(), relY: f(), depth: f(), groundTop: f(), groundBottom: f(), moving: new Uint8Array(count), valid: new Uint8Array(count) };
      return blocks;
    },
    fine({ width, height, lumaCount }) {
      if (fine && fine.width === width && fine.height === height) return fine;
      const lumas = Array.from({ length: Math.max(2, lumaCount) }, (): FloatImage => ({ data: new Float32Array(width * height), width, height }));
      const image = (): FloatImage => ({ data: new Float32Array(width * height), width, height });
      fine = {
        width, height, difference: image(), changed: image(), smoothed: image(), box: image(),
        spareLuma(inUse) {
          const free = lumas.find((candidate) => !inUse.includes(candidate));
          if (!free) throw new Error('estimator buffers: every fine luma buffer is in use');
          return free;
        },
      };
      return fine;
    },
    parallax(count) {
      if (parallax && parallax.x.length === count) return parallax;
      const f = () => new Float32Array(count);
      parallax = { x: f(), y: f(), w: f(), prior: f(), rx: f(), ry: f(), along: f(), sorted: f(), deviation: f(), depth: f(), confidence: f(), across: new Uint8Array(count) };
      return parallax;
    },
  };
}
