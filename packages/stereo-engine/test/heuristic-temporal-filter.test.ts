import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';
import { frameChange, isSceneCut } from '../src/depth/heuristic/scene-cut.js';
import { createTemporalFilter } from '../src/depth/heuristic/temporal-filter.js';
import { warpByMotion } from '../src/depth/heuristic/warp-by-motion.js';

const constant = (value: number, width = 8, height = 4): FloatImage => ({ data: new Float32Array(width * height).fill(value), width, height });

describe('createTemporalFilter', () => {
  it('starts from the first map, then converges to a new constant input, its gain settling to alpha', () => {
    const alpha = 0.25;
    const filter = createTemporalFilter({ alpha });
    assert.ok(Math.abs(filter.push(constant(0.2)).data[0]! - 0.2) < 1e-6);
    // Second frame: weights 1 − alpha (first) and 1 (second), normalised.
    const second = filter.push(constant(0.8)).data[0]!;
    assert.ok(Math.abs(second - (0.2 * (1 - alpha) + 0.8) / (2 - alpha)) < 1e-6, `second ${second}`);
    let value = second;
    for (let k = 0; k < 40; k++) value = filter.push(constant(0.8)).data[0]!;
    assert.ok(Math.abs(value - 0.8) < 1e-4, `after 40 frames ${value}`);
    // Steady state: a step moves the average by alpha of the step.
    const stepped = filter.push(constant(0.4)).data[0]!;
    assert.ok(Math.abs(stepped - (0.8 - alpha * 0.4)) < 1e-3, `step ${stepped}`);
  });

  it('damps frame-to-frame jitter', () => {
    const filter = createTemporalFilter({ alpha: 0.2 });
    const outputs: number[] = [];
    for (let k = 0; k < 60; k++) outputs.push(filter.push(constant(k % 2 ? 0.6 : 0.4)).data[0]!);
    const late = outputs.slice(30);
    assert.ok(Math.max(...late) - Math.min(...late) < 0.05);
  });

  it('lets a low-weight first frame be outweighed at once by the next, full-weight one', () => {
    const filter = createTemporalFilter({ alpha: 0.25 });
    filter.push(constant(0), { weight: 0.1 });
    assert.ok(filter.push(constant(1)).data[0]! > 0.9);
  });

  it('after a reset, takes the next map as is (no blend with the previous shot)', () => {
    const filter = createTemporalFilter({ alpha: 0.3 });
    for (let k = 0; k < 20; k++) filter.push(constant(0.9));
    filter.reset();
    assert.ok(filter.push(constant(0.1)).data.every((v) => Math.abs(v - 0.1) < 1e-7));
  });

  it('carries the average along the given motion', () => {
    // A bright column moving right by one pixel per frame stays one column wide instead of smearing.
    const width = 16;
    const height = 2;
    const frame = (x: number): FloatImage => {
      const m = constant(0, width, height);
      for (let y = 0; y < height; y++) m.data[y * width + x] = 1;
      return m;
    };
    const motion = { dx: new Float32Array(width * height).fill(1), dy: new Float32Array(width * height) };
    const compensated = createTemporalFilter({ alpha: 0.3 });
    const plain = createTemporalFilter({ alpha: 0.3 });
    let c: FloatImage = frame(2);
    let p: FloatImage = frame(2);
    compensated.push(c);
    plain.push(p);
    for (let x = 3; x < 10; x++) {
      c = compensated.push(frame(x), { motion });
      p = plain.push(frame(x));
    }
    assert.ok(Math.abs(c.data[9]! - 1) < 1e-6, `compensated ${c.data[9]}`);
    assert.ok(p.data[9]! < 0.5 && p.data[8]! > 0.1, 'the plain average trails');
  });
});

describe('warpByMotion', () => {
  it('samples the previous map at x − motion', () => {
    const image = { data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), width: 8, height: 1 };
    const out = warpByMotion({ image, motion: { dx: new Float32Array(8).fill(2), dy: new Float32Array(8) } });
    assert.deepEqual([...out.data], [0, 0, 0, 1, 2, 3, 4, 5]);
  });
});

describe('isSceneCut', () => {
  const textured = (seed: number, offset = 0): FloatImage => {
    const width = 64;
    const height = 36;
    const data = new Float32Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) data[y * width + x] = 128 + 60 * Math.sin((x + offset) * 0.3 + seed) * Math.cos(y * 0.2 + seed * 2);
    }
    return { data, width, height };
  };

  it('fires on a change of shot, not on a pan or a small brightness change', () => {
    const a = textured(1);
    const dark = { ...a, data: a.data.map((v) => v * 0.35) };
    assert.equal(isSceneCut({ previous: a, current: dark }), true);
    assert.equal(isSceneCut({ previous: a, current: textured(1, 2) }), false);
    assert.equal(isSceneCut({ previous: a, current: { ...a, data: a.data.map((v) => v + 4) } }), false);
    assert.equal(isSceneCut({ previous: a, current: a }), false);
  });

  it('fires between two shots with the same palette when motion cannot explain the new frame', () => {
    const a = textured(1);
    // Same values, rearranged: identical histogram.
    const b = { ...a, data: a.data.slice().reverse() };
    assert.equal(frameChange({ previous: a, current: b }).histogram, 0);
    assert.equal(isSceneCut({ previous: a, current: b }), false);
    assert.equal(isSceneCut({ previous: a, current: b, motionError: 45 }), true);
    assert.equal(isSceneCut({ previous: a, current: textured(1, 2), motionError: 3 }), false);
  });
});
