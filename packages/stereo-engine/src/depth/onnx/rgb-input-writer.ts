import type { Plane } from '../../frame.js';
import type { Size } from './model-input-size.js';
import type { Rgb } from './onnx-estimator-options.js';

/** Source index pair and weight of the far one, per output column or row (bilinear, half-pixel centres). */
interface Taps {
  near: Int32Array;
  far: Int32Array;
  weight: Float32Array;
}

function bilinearTaps({ from, to }: { from: number; to: number }): Taps {
  const near = new Int32Array(to);
  const far = new Int32Array(to);
  const weight = new Float32Array(to);
  const scale = from / to;
  for (let i = 0; i < to; i++) {
    const position = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), from - 1);
    const index = Math.floor(position);
    near[i] = index;
    far[i] = Math.min(index + 1, from - 1);
    weight[i] = position - index;
  }
  return { near, far, weight };
}

/**
 * Writes planar 8-bit RGB into the model's NCHW float32 input: bilinear resize, then `(v / 255 - mean) / std` per
 * channel. The input buffer and the resize taps are kept and reused while the frame and input sizes stay the same,
 * so a segment allocates them once.
 */
export class RgbInputWriter {
  readonly #scale: Rgb;
  readonly #offset: Rgb;
  #buffer = new Float32Array(0);
  #key = '';
  #columns: Taps = bilinearTaps({ from: 1, to: 0 });
  #rows: Taps = bilinearTaps({ from: 1, to: 0 });

  constructor({ mean, std }: { mean: Rgb; std: Rgb }) {
    // (v / 255 - mean) / std folded into one multiply-add per sample.
    this.#scale = [1 / (255 * std[0]), 1 / (255 * std[1]), 1 / (255 * std[2])];
    this.#offset = [-mean[0] / std[0], -mean[1] / std[1], -mean[2] / std[2]];
  }

  /** Returns the (reused) input buffer, valid until the next call. */
  write({ rgb, size }: { rgb: { r: Plane; g: Plane; b: Plane }; size: Size }): Float32Array {
    const { width: sourceWidth, height: sourceHeight } = rgb.r;
    const key = `${sourceWidth}x${sourceHeight}>${size.width}x${size.height}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#buffer = new Float32Array(3 * size.width * size.height);
      this.#columns = bilinearTaps({ from: sourceWidth, to: size.width });
      this.#rows = bilinearTaps({ from: sourceHeight, to: size.height });
    }
    // Locals, not fields, in the hot loop: V8 keeps them in registers.
    const buffer = this.#buffer;
    const planes = [rgb.r, rgb.g, rgb.b] as const;
    const area = size.width * size.height;
    const outWidth = size.width;
    const { near: x0, far: x1, weight: fx } = this.#columns;
    const { near: y0, far: y1, weight: fy } = this.#rows;
    for (let channel = 0; channel < 3; channel++) {
      const source = planes[channel]!.data;
      const scale = this.#scale[channel]!;
      const offset = this.#offset[channel]!;
      let out = channel * area;
      for (let y = 0; y < size.height; y++) {
        const top = y0[y]! * sourceWidth;
        const bottom = y1[y]! * sourceWidth;
        const wy = fy[y]!;
        for (let x = 0; x < outWidth; x++) {
          const left = x0[x]!;
          const right = x1[x]!;
          const wx = fx[x]!;
          const a = source[top + left]!;
          const c = source[bottom + left]!;
          const upper = a + (source[top + right]! - a) * wx;
          const lower = c + (source[bottom + right]! - c) * wx;
          buffer[out++] = (upper + (lower - upper) * wy) * scale + offset;
        }
      }
    }
    return buffer;
  }
}
