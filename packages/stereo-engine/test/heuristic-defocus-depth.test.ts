import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDefocusMemory, DEFOCUS_EVERY, fuseDefocus } from '../src/depth/heuristic/defocus-depth.js';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';
import { gaussianBlur } from './fixtures/gaussian-blur.js';

// The fine level (where blur is measured) and the working-level map it is fused into.
const FW = 192;
const FH = 128;
const W = FW / 2;
const H = FH / 2;
const DEPTH_HIGH = 0.95;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random discs and squares (radius 1.5..6.5 px, grey 20..235) on mid grey, as in heuristic-defocus-cue.test.ts. */
function texture(seed: number, width = FW, height = FH): FloatImage {
  const r = random(seed);
  const data = new Float32Array(width * height).fill(128);
  for (let k = 0; k < (width * height) / 20; k++) {
    const [cx, cy, radius, grey, square] = [r() * width, r() * height, 1.5 + r() * 5, 20 + r() * 215, r() < 0.5];
    for (let y = Math.max(0, Math.floor(cy - radius)); y < Math.min(height, cy + radius + 1); y++) {
      for (let x = Math.max(0, Math.floor(cx - radius)); x < Math.min(width, cx + radius + 1); x++) {
        if (square || (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) data[y * width + x] = grey;
      }
    }
  }
  return { data, width, height };
}

/** Left half sharp, right half blurred (σ 2): a shallow depth of field focused on the left. */
function halfBlurred(seed: number, width = FW, height = FH): FloatImage {
  const sharp = texture(seed, width, height);
  const blurred = gaussianBlur(sharp, 2);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = (x < width / 2 ? sharp : blurred).data[y * width + x]!;
  return { data, width, height };
}

const flatMap = (value: number): FloatImage => ({ data: new Float32Array(W * H).fill(value), width: W, height: H });

/** Mean of `map` over columns [x0, x1). */
function meanOver(map: FloatImage, x0: number, x1: number): number {
  let sum = 0;
  for (let y = 0; y < map.height; y++) for (let x = x0; x < x1; x++) sum += map.data[y * map.width + x]!;
  return sum / ((x1 - x0) * map.height);
}

describe('fuseDefocus', () => {
  it('makes the sharp half nearer than the blurred half, and says how much weight it took', () => {
    for (const seed of [1, 2]) {
      const fused = flatMap(0.5);
      const weight = fuseDefocus({ memory: createDefocusMemory(), fine: halfBlurred(seed), fused, say: 1, depthHigh: DEPTH_HIGH });
      assert.ok(weight > 0.5 && weight <= 1, `seed ${seed}: weight ${weight}`);
      const left = meanOver(fused, 2, W / 2 - 4);
      const right = meanOver(fused, W / 2 + 4, W - 2);
      assert.ok(left > right + 0.3, `seed ${seed}: left ${left}, right ${right}`);
      // Nearness 0..1 times depthHigh, mixed into the map: never beyond depthHigh nor below 0 here.
      assert.ok(fused.data.every((v) => v >= 0 && v <= DEPTH_HIGH + 1e-6));
    }
  });

  it('gives it in proportion to `say`', () => {
    const fine = halfBlurred(1);
    const full = fuseDefocus({ memory: createDefocusMemory(), fine, fused: flatMap(0.5), say: 1, depthHigh: DEPTH_HIGH });
    const part = flatMap(0.5);
    const weight = fuseDefocus({ memory: createDefocusMemory(), fine, fused: part, say: 0.25, depthHigh: DEPTH_HIGH });
    assert.ok(Math.abs(weight - 0.25 * full) < 1e-9, `${weight} vs ${full}`);
    // A quarter of the say moves the map a quarter as far (or a little less where confidence is low).
    const left = meanOver(part, 2, W / 2 - 4);
    const right = meanOver(part, W / 2 + 4, W - 2);
    assert.ok(left > right + 0.05 && left - right < 0.3, `left ${left}, right ${right}`);
  });

  it('returns 0 and leaves the map alone on an all-sharp frame (no depth of field)', () => {
    for (const seed of [1, 2]) {
      const fused = flatMap(0.3);
      fused.data[100] = 0.9;
      const before = fused.data.slice();
      assert.equal(fuseDefocus({ memory: createDefocusMemory(), fine: texture(seed), fused, say: 1, depthHigh: DEPTH_HIGH }), 0);
      assert.deepEqual(fused.data, before);
    }
  });

  it('returns 0 and leaves the map alone with no say', () => {
    const fused = flatMap(0.3);
    const before = fused.data.slice();
    assert.equal(fuseDefocus({ memory: createDefocusMemory(), fine: halfBlurred(1), fused, say: 0, depthHigh: DEPTH_HIGH }), 0);
    assert.deepEqual(fused.data, before);
  });

  it('returns 0 and leaves the map alone when the fine image is not exactly twice the map', () => {
    const fine = halfBlurred(1);
    for (const [width, height] of [[W + 1, H], [W, H - 1], [FW, FH]]) {
      const fused: FloatImage = { data: new Float32Array(width! * height!).fill(0.3), width: width!, height: height! };
      assert.equal(fuseDefocus({ memory: createDefocusMemory(), fine, fused, say: 1, depthHigh: DEPTH_HIGH }), 0, `${width}x${height}`);
      assert.ok(fused.data.every((v) => v === Math.fround(0.3)));
    }
  });

  it(`measures every ${DEFOCUS_EVERY} frames and reuses its maps in between`, () => {
    const memory = createDefocusMemory();
    const dof = halfBlurred(1);
    const sharp = texture(1);
    const first = fuseDefocus({ memory, fine: dof, fused: flatMap(0.5), say: 1, depthHigh: DEPTH_HIGH });
    // The next frames are all sharp, but until the next measurement the last maps still speak.
    for (let k = 1; k < DEFOCUS_EVERY; k++) assert.equal(fuseDefocus({ memory, fine: sharp, fused: flatMap(0.5), say: 1, depthHigh: DEPTH_HIGH }), first, `frame ${k}`);
    assert.equal(fuseDefocus({ memory, fine: sharp, fused: flatMap(0.5), say: 1, depthHigh: DEPTH_HIGH }), 0, 'measured again');
    // A map of another size is measured at once, whatever the age of the last measurement.
    fuseDefocus({ memory, fine: sharp, fused: flatMap(0.5), say: 1, depthHigh: DEPTH_HIGH });
    const weight = fuseDefocus({ memory, fine: halfBlurred(1, FW - 32, FH), fused: { data: new Float32Array((W - 16) * H).fill(0.5), width: W - 16, height: H }, say: 1, depthHigh: DEPTH_HIGH });
    assert.ok(weight > 0, `re-measured at the new size: weight ${weight}`);
  });
});
