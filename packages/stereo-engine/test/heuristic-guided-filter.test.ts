import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxMean } from '../src/depth/heuristic/box-mean.js';
import { guidedFilter } from '../src/depth/heuristic/guided-filter.js';

describe('boxMean', () => {
  it('averages the clipped window (borders are not darkened) and keeps constants', () => {
    const input = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), width: 3, height: 2 };
    const out = boxMean({ input, radius: 1 });
    assert.deepEqual([...out.data], [3, 3.5, 4, 3, 3.5, 4]);
    const flat = boxMean({ input: { data: new Float32Array(50).fill(7), width: 10, height: 5 }, radius: 3 });
    assert.ok(flat.data.every((v) => Math.abs(v - 7) < 1e-5));
  });
});

describe('guidedFilter', () => {
  it('keeps a step edge of the guide much sharper than a box blur of the same radius', () => {
    // A vertical step at x = 20 in both the guide (luma) and the input (a depth edge), plus texture in the guide.
    const width = 40;
    const height = 20;
    const guide = new Float32Array(width * height);
    const input = new Float32Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        guide[y * width + x] = (x < 20 ? 60 : 190) + 4 * Math.sin(x * 1.7 + y * 0.9);
        input[y * width + x] = x < 20 ? 0.2 : 0.8;
      }
    }
    const radius = 4;
    const g = guidedFilter({ guide: { data: guide, width, height }, input: { data: input, width, height }, radius, epsilon: 100 });
    const box = boxMean({ input: { data: input, width, height }, radius });
    const row = 10 * width;
    // Right next to the edge: the guided result stays near its side's value, the box blur is halfway.
    const guidedError = Math.abs(g.data[row + 19]! - 0.2) + Math.abs(g.data[row + 20]! - 0.8);
    const boxError = Math.abs(box.data[row + 19]! - 0.2) + Math.abs(box.data[row + 20]! - 0.8);
    assert.ok(guidedError < 0.25 * boxError, `guided ${guidedError} vs box ${boxError}`);
    // Edge width (10%..90% rise) in pixels.
    const width10to90 = (data: Float32Array) => {
      let lo = 0;
      let hi = width - 1;
      for (let x = 0; x < width; x++) if (data[row + x]! < 0.26) lo = x;
      for (let x = width - 1; x >= 0; x--) if (data[row + x]! > 0.74) hi = x;
      return hi - lo;
    };
    assert.ok(width10to90(g.data) <= 2, `guided edge width ${width10to90(g.data)}`);
    assert.ok(width10to90(box.data) >= 6, `box edge width ${width10to90(box.data)}`);
  });

  it('smooths noise where the guide is flat', () => {
    const width = 30;
    const height = 30;
    // Hash noise (white, unlike a sine of the index).
    const input = Float32Array.from({ length: width * height }, (_, i) => 0.5 + 0.1 * ((Math.imul(i + 1, 2654435761) >>> 0) / 2 ** 32 - 0.5));
    const guide = new Float32Array(width * height).fill(128);
    const out = guidedFilter({ guide: { data: guide, width, height }, input: { data: input, width, height }, radius: 3, epsilon: 100 });
    const std = (d: Float32Array) => {
      const m = d.reduce((a, v) => a + v, 0) / d.length;
      return Math.sqrt(d.reduce((a, v) => a + (v - m) ** 2, 0) / d.length);
    };
    assert.ok(std(out.data) < 0.3 * std(input), `std ${std(out.data)} vs ${std(input)}`);
  });
});
