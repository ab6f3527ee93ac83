import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelInputSize, roundToMultiple } from '../src/depth/onnx/model-input-size.js';
import { RgbInputWriter } from '../src/depth/onnx/rgb-input-writer.js';
import { StabilisedDepthNormaliser } from '../src/depth/onnx/stabilised-depth-normaliser.js';
import { rgbFrame } from './fixtures/onnx/rgb-frames.js';

const IDENTITY = { mean: [0, 0, 0], std: [1 / 255, 1 / 255, 1 / 255] } as const;

describe('RgbInputWriter', () => {
  it('writes NCHW planes R, G, B normalised as (v/255 - mean) / std', () => {
    const rgb = rgbFrame({ width: 3, height: 2, pixel: (x, y) => [x * 100, y * 50, 255] });
    const input = new RgbInputWriter({ mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }).write({ rgb, size: { width: 3, height: 2 } });
    assert.equal(input.length, 3 * 6);
    const expected = (v: number, c: number): number => (v / 255 - [0.485, 0.456, 0.406][c]!) / [0.229, 0.224, 0.225][c]!;
    assert.ok(Math.abs(input[2]! - expected(200, 0)) < 1e-5);
    assert.ok(Math.abs(input[6 + 3]! - expected(50, 1)) < 1e-5);
    assert.ok(Math.abs(input[12]! - expected(255, 2)) < 1e-5);
  });

  it('resizes bilinearly with half-pixel centres', () => {
    // A horizontal ramp v = 10x: halving the width averages pixel pairs, doubling it interpolates between them.
    const rgb = rgbFrame({ width: 8, height: 2, pixel: (x) => [10 * x, 0, 0] });
    const writer = new RgbInputWriter(IDENTITY);
    assert.deepEqual([...writer.write({ rgb, size: { width: 4, height: 1 } }).subarray(0, 4)], [5, 25, 45, 65]);
    const doubled = [...writer.write({ rgb, size: { width: 16, height: 1 } }).subarray(0, 16)];
    assert.deepEqual(doubled.slice(0, 4), [0, 2.5, 7.5, 12.5]);
    assert.equal(doubled[15], 70);
  });

  it('reuses its buffer while the sizes stay the same', () => {
    const writer = new RgbInputWriter(IDENTITY);
    const frame = rgbFrame({ width: 8, height: 8, pixel: () => [1, 2, 3] });
    const first = writer.write({ rgb: frame, size: { width: 4, height: 4 } });
    assert.equal(writer.write({ rgb: frame, size: { width: 4, height: 4 } }), first);
    assert.notEqual(writer.write({ rgb: frame, size: { width: 8, height: 4 } }), first);
  });
});

describe('model input size', () => {
  const base = { frame: { width: 1920, height: 1080 }, requested: { width: 518, height: 518 }, sizeMultiple: 14, keepAspect: false, fixed: { width: null, height: null } };

  it('rounds to multiples of the patch size', () => {
    assert.equal(roundToMultiple({ value: 520, multiple: 14 }), 518);
    assert.equal(roundToMultiple({ value: 3, multiple: 14 }), 14);
    assert.deepEqual(modelInputSize({ ...base, requested: { width: 500, height: 380 } }), { width: 504, height: 378 });
  });

  it('keeps the aspect ratio by covering the requested box', () => {
    assert.deepEqual(modelInputSize({ ...base, keepAspect: true }), { width: 924, height: 518 });
  });

  it('uses the model\'s fixed dims whatever is requested', () => {
    assert.deepEqual(modelInputSize({ ...base, fixed: { width: 256, height: 256 } }), { width: 256, height: 256 });
  });
});

describe('StabilisedDepthNormaliser', () => {
  const ramp = (n: number, scale = 1, offset = 0): Float32Array => Float32Array.from({ length: n }, (_, i) => offset + scale * i);

  it('maps the 2nd..98th percentiles to 0..1 and clamps outliers', () => {
    const values = ramp(101);
    values[100] = 1e9;
    values[0] = -1e9;
    const out = new StabilisedDepthNormaliser({ percentiles: [2, 98], smoothing: 0 }).normalise(values);
    assert.equal(out[0], 0);
    assert.equal(out[100], 1);
    assert.equal(out[2], 0);
    assert.equal(out[98], 1);
    assert.ok(Math.abs(out[50]! - 0.5) < 1e-6);
  });

  it('gives NaN the far value and a flat map mid-depth', () => {
    const normaliser = new StabilisedDepthNormaliser({ percentiles: [2, 98], smoothing: 0 });
    const values = ramp(100);
    values[99] = Number.NaN;
    assert.equal(normaliser.normalise(values)[99], 0);
    assert.deepEqual([...normaliser.normalise(new Float32Array(10).fill(3))], new Array(10).fill(0.5));
  });

  it('blends the range with previous frames, snaps on a cut, and forgets on reset', () => {
    const normaliser = new StabilisedDepthNormaliser({ percentiles: [0, 100], smoothing: 0.8 });
    normaliser.normalise(ramp(101)); // range 0..100
    normaliser.normalise(ramp(101, 0.8)); // range 0..80: blended
    assert.deepEqual(normaliser.range, { low: 0, high: 96 });
    normaliser.normalise(ramp(101, 1, 1000)); // 1000..1100: no overlap, a cut
    assert.deepEqual(normaliser.range, { low: 1000, high: 1100 });
    normaliser.reset();
    normaliser.normalise(ramp(101, 0.5));
    assert.deepEqual(normaliser.range, { low: 0, high: 50 });
  });

  it('rejects bad settings', () => {
    assert.throws(() => new StabilisedDepthNormaliser({ percentiles: [98, 2], smoothing: 0 }), RangeError);
    assert.throws(() => new StabilisedDepthNormaliser({ percentiles: [2, 98], smoothing: 1 }), RangeError);
  });
});
