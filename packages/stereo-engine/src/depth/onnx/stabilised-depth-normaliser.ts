/** At most this many values (evenly strided) are sorted per frame for the percentiles: ~1 ms, and plenty for 2%..98%. */
const MAX_SAMPLES = 16_384;
/** A frame's range overlapping the running one by less than this (of their union) is a cut: snap, do not blend. */
const CUT_OVERLAP = 0.5;
/** Depth for a map with no usable spread: mid-range, i.e. on the default screen plane (no disparity, flat 2D). */
const FLAT_DEPTH = 0.5;

export interface DepthRange {
  low: number;
  high: number;
}

/**
 * Maps raw relative inverse depth to [0, 1] per frame: the `percentiles` of the frame become 0 and 1 (values beyond
 * are clamped, so a few outlier pixels do not squash the rest), and that range is blended with the previous
 * frames' (`smoothing` = weight kept) so the depth scale does not pump while the model's raw scale drifts.
 */
export class StabilisedDepthNormaliser {
  readonly #percentiles: readonly [number, number];
  readonly #smoothing: number;
  #range: DepthRange | undefined;
  #samples = new Float32Array(0);

  constructor({ percentiles, smoothing }: { percentiles: readonly [number, number]; smoothing: number }) {
    const [low, high] = percentiles;
    if (!(low >= 0 && high <= 100 && low < high)) throw new RangeError(`percentiles must satisfy 0 ≤ low < high ≤ 100, got [${low}, ${high}]`);
    if (!(smoothing >= 0 && smoothing < 1)) throw new RangeError(`smoothing must be in [0, 1), got ${smoothing}`);
    this.#percentiles = percentiles;
    this.#smoothing = smoothing;
  }

  /** The range used for the last frame (for tests and diagnostics). */
  get range(): DepthRange | undefined {
    return this.#range && { ...this.#range };
  }

  /** Forgets the running range (a new sequence starts). */
  reset(): void {
    this.#range = undefined;
  }

  /** Returns a new array (callers may keep depth maps across frames). */
  normalise(values: Float32Array): Float32Array {
    const frame = this.#frameRange(values);
    this.#range = this.#blend(frame);
    const out = new Float32Array(values.length);
    const { low, high } = this.#range ?? { low: 0, high: 0 };
    const span = high - low;
    if (!(span > 1e-12 * Math.max(1, Math.abs(high), Math.abs(low)))) return out.fill(FLAT_DEPTH);
    const inverseSpan = 1 / span;
    for (let i = 0; i < values.length; i++) {
      const scaled = (values[i]! - low) * inverseSpan;
      // NaN fails both comparisons and lands on 0 (far): unknown depth should not pop out.
      out[i] = scaled > 0 ? (scaled < 1 ? scaled : 1) : 0;
    }
    return out;
  }

  #frameRange(values: Float32Array): DepthRange | undefined {
    const stride = Math.max(1, Math.ceil(values.length / MAX_SAMPLES));
    const capacity = Math.ceil(values.length / stride);
    if (this.#samples.length < capacity) this.#samples = new Float32Array(capacity);
    let count = 0;
    for (let i = 0; i < values.length; i += stride) {
      const value = values[i]!;
      if (Number.isFinite(value)) this.#samples[count++] = value;
    }
    if (count === 0) return undefined;
    const sorted = this.#samples.subarray(0, count).sort();
    const at = (percentile: number): number => sorted[Math.round((percentile / 100) * (count - 1))]!;
    return { low: at(this.#percentiles[0]), high: at(this.#percentiles[1]) };
  }

  #blend(frame: DepthRange | undefined): DepthRange | undefined {
    const previous = this.#range;
    if (!frame) return previous;
    if (!previous || this.#smoothing === 0) return frame;
    const union = Math.max(previous.high, frame.high) - Math.min(previous.low, frame.low);
    const overlap = Math.min(previous.high, frame.high) - Math.max(previous.low, frame.low);
    if (union > 0 && overlap / union < CUT_OVERLAP) return frame;
    const keep = this.#smoothing;
    return { low: keep * previous.low + (1 - keep) * frame.low, high: keep * previous.high + (1 - keep) * frame.high };
  }
}
