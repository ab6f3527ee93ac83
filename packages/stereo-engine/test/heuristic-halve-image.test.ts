import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';
import { halveImage } from '../src/depth/heuristic/halve-image.js';

const image = (width: number, height: number, value: (x: number, y: number) => number): FloatImage => {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { data, width, height };
};

describe('halveImage', () => {
  it('gives each output pixel the exact mean of its 2×2 block', () => {
    // Values distinct per pixel, so a block taken from the wrong place cannot match by accident.
    const fine = image(8, 6, (x, y) => x * x + 10 * y * y + 0.25 * x * y);
    const out = image(4, 3, () => -1);
    const result = halveImage({ image: fine, out });
    assert.equal(result, out);
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 4; x++) {
        const at = (u: number, v: number) => fine.data[v * 8 + u]!;
        const expected = (at(2 * x, 2 * y) + at(2 * x + 1, 2 * y) + at(2 * x, 2 * y + 1) + at(2 * x + 1, 2 * y + 1)) / 4;
        assert.ok(Math.abs(out.data[y * 4 + x]! - expected) < 1e-4, `(${x}, ${y}): ${out.data[y * 4 + x]} vs ${expected}`);
      }
    }
  });

  it('keeps a checkerboard of 0/255 at a flat 127.5 (every 2×2 block is half and half)', () => {
    const out = halveImage({ image: image(6, 4, (x, y) => ((x + y) % 2) * 255), out: image(3, 2, () => 0) });
    assert.ok(out.data.every((v) => v === 127.5));
  });

  it('throws when the output is not exactly half the input', () => {
    const fine = image(8, 6, () => 1);
    assert.throws(() => halveImage({ image: fine, out: image(5, 3, () => 0) }), /not twice/);
    assert.throws(() => halveImage({ image: fine, out: image(4, 2, () => 0) }), /not twice/);
    assert.throws(() => halveImage({ image: image(9, 6, () => 1), out: image(4, 3, () => 0) }), /not twice/);
  });
});
