import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateDefocus, type DefocusScratch } from '../src/depth/heuristic/defocus-cue.js';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';
import { gaussianBlur } from './fixtures/gaussian-blur.js';

const WIDTH = 192;
const HEIGHT = 128;
/**
 * Strength below which a frame counts as showing no depth of field. The cue gives exactly 0 on every such picture
 * here; the margin is for other seeds and textures.
 */
const NO_DOF = 0.1;
const SEEDS = [1, 2, 3];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random discs and squares (radius 1.5..6.5 px, grey 20..235) on mid grey: edges of every direction and contrast. */
function texture(seed: number): FloatImage {
  const r = random(seed);
  const data = new Float32Array(WIDTH * HEIGHT).fill(128);
  for (let k = 0; k < (WIDTH * HEIGHT) / 20; k++) {
    const [cx, cy, radius, grey, square] = [r() * WIDTH, r() * HEIGHT, 1.5 + r() * 5, 20 + r() * 215, r() < 0.5];
    for (let y = Math.max(0, Math.floor(cy - radius)); y < Math.min(HEIGHT, cy + radius + 1); y++) {
      for (let x = Math.max(0, Math.floor(cx - radius)); x < Math.min(WIDTH, cx + radius + 1); x++) {
        if (square || (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) data[y * WIDTH + x] = grey;
      }
    }
  }
  return { data, width: WIDTH, height: HEIGHT };
}

/** `images[pick(x, y)]` at each pixel. */
function compose(images: FloatImage[], pick: (x: number, y: number) => number): FloatImage {
  const data = new Float32Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) data[y * WIDTH + x] = images[pick(x, y)]!.data[y * WIDTH + x]!;
  return { data, width: WIDTH, height: HEIGHT };
}

function withNoise(image: FloatImage, amplitude: number, seed: number): FloatImage {
  const r = random(seed);
  return { ...image, data: image.data.map((v) => v + (2 * r() - 1) * amplitude) };
}

/** Median of `map` over the pixels where `inside(x, y)`. */
function median(map: FloatImage, inside: (x: number, y: number) => boolean): number {
  const values: number[] = [];
  for (let y = 0; y < map.height; y++) for (let x = 0; x < map.width; x++) if (inside(x, y)) values.push(map.data[y * map.width + x]!);
  values.sort((a, b) => a - b);
  return values[values.length >> 1]!;
}

const finite = (map: FloatImage) => map.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 1);

describe('estimateDefocus', () => {
  it('reads a sharp left half as nearer than a blurred (σ 2) right half, and the frame as a clear depth of field', () => {
    for (const seed of SEEDS) {
      const sharp = texture(seed);
      const cue = estimateDefocus({ image: compose([sharp, gaussianBlur(sharp, 2)], (x) => (x < WIDTH / 2 ? 0 : 1)) });
      const left = median(cue.nearness, (x) => x < WIDTH / 2 - 4);
      const right = median(cue.nearness, (x) => x >= WIDTH / 2 + 4);
      assert.ok(left > right + 0.2, `seed ${seed}: left ${left}, right ${right}`);
      assert.ok(cue.strength > 0.5, `seed ${seed}: strength ${cue.strength}`);
      assert.ok(finite(cue.nearness) && finite(cue.confidence));
    }
  });

  it('orders four bands of growing blur (σ 0, 1, 2, 3) from near to far', () => {
    for (const seed of SEEDS) {
      const sharp = texture(seed);
      const bands = [sharp, ...[1, 2, 3].map((sigma) => gaussianBlur(sharp, sigma))];
      const band = WIDTH / 4;
      const cue = estimateDefocus({ image: compose(bands, (x) => Math.min(3, Math.floor(x / band))) });
      // Band interiors (4 px off the band borders).
      const medians = [0, 1, 2, 3].map((k) => median(cue.nearness, (x) => x >= k * band + 4 && x < (k + 1) * band - 4));
      for (let k = 1; k < 4; k++) assert.ok(medians[k]! < medians[k - 1]! - 0.05, `seed ${seed}: band medians ${medians.map((m) => m.toFixed(3))}`);
      assert.ok(cue.strength > 0.5, `seed ${seed}: strength ${cue.strength}`);
    }
  });

  it(`gives strength ≈ 0 (< ${NO_DOF}) where everything is sharp, or everything blurred alike (σ 1, 2, 3)`, () => {
    for (const seed of SEEDS) {
      const sharp = texture(seed);
      for (const [name, image] of [['sharp', sharp], ...[1, 2, 3].map((sigma) => [`blurred σ ${sigma}`, gaussianBlur(sharp, sigma)] as const)] as const) {
        const cue = estimateDefocus({ image });
        assert.ok(cue.strength < NO_DOF, `seed ${seed}, ${name}: strength ${cue.strength}`);
      }
      // The all-sharp texture reads near, the blurred one farther, even when neither is a depth of field.
      assert.ok(median(estimateDefocus({ image: sharp }).nearness, () => true) > median(estimateDefocus({ image: gaussianBlur(sharp, 2) }).nearness, () => true) + 0.2);
    }
  });

  it('keeps strength low when mild noise (±3 grey levels) is added to the all-sharp picture', () => {
    for (const seed of SEEDS) {
      const cue = estimateDefocus({ image: withNoise(texture(seed), 3, seed + 100) });
      assert.ok(cue.strength < NO_DOF, `seed ${seed}: strength ${cue.strength}`);
    }
  });

  it('gives confidence ≈ 0 and a finite, neutral nearness on a flat picture', () => {
    const cue = estimateDefocus({ image: { data: new Float32Array(WIDTH * HEIGHT).fill(90), width: WIDTH, height: HEIGHT } });
    assert.ok(cue.confidence.data.every((c) => c < 1e-6), 'confidence');
    assert.ok(cue.nearness.data.every((v) => Math.abs(v - 0.5) < 1e-6), 'nearness');
    assert.equal(cue.strength, 0);
  });

  it('reads a sharp disc on a blurred background as nearer, and keeps its boundary', () => {
    const radius = 30;
    const [cx, cy] = [WIDTH / 2, HEIGHT / 2];
    const distance = (x: number, y: number) => Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
    for (const seed of SEEDS) {
      const sharp = texture(seed);
      const cue = estimateDefocus({ image: compose([sharp, gaussianBlur(sharp, 2)], (x, y) => (distance(x, y) <= radius ? 0 : 1)) });
      const disc = median(cue.nearness, (x, y) => distance(x, y) < radius - 3);
      const rim = median(cue.nearness, (x, y) => Math.abs(distance(x, y) - (radius - 1)) < 0.5);
      const outside3 = median(cue.nearness, (x, y) => Math.abs(distance(x, y) - (radius + 3)) < 0.5);
      const background = median(cue.nearness, (x, y) => distance(x, y) > radius + 10);
      assert.ok(disc > background + 0.2, `seed ${seed}: disc ${disc}, background ${background}`);
      // The spread stops at the boundary: just inside is as near as the disc, 3 px outside already farther (the
      // 5×5 window reaches the disc's own outline from 2–3 px out), 6 px outside nearly the background.
      const outside6 = median(cue.nearness, (x, y) => Math.abs(distance(x, y) - (radius + 6)) < 0.5);
      assert.ok(rim > outside3 + 0.05 && disc > outside3 + 0.05, `seed ${seed}: disc ${disc}, rim ${rim}, 3 px outside ${outside3}`);
      assert.ok(outside6 < background + 0.1, `seed ${seed}: 6 px outside ${outside6}, background ${background}`);
      assert.ok(cue.strength > 0.5, `seed ${seed}: strength ${cue.strength}`);
    }
  });

  it('gives the same result into reused buffers, across frame sizes', () => {
    const image = compose([texture(4), gaussianBlur(texture(4), 2)], (x) => (x < WIDTH / 2 ? 0 : 1));
    const fresh = estimateDefocus({ image });
    const scratch: DefocusScratch = {};
    const out = { nearness: { data: new Float32Array(WIDTH * HEIGHT).fill(7), width: WIDTH, height: HEIGHT }, confidence: { data: new Float32Array(WIDTH * HEIGHT).fill(7), width: WIDTH, height: HEIGHT } };
    // A frame of another size first, then the same scratch at this size, twice (the second must not see the first's edges).
    estimateDefocus({ image: { data: new Float32Array(50 * 30).fill(3), width: 50, height: 30 }, scratch });
    estimateDefocus({ image: texture(5), out, scratch });
    const reused = estimateDefocus({ image, out, scratch });
    assert.equal(reused.nearness, out.nearness);
    assert.equal(reused.confidence, out.confidence);
    assert.deepEqual(reused.nearness.data, fresh.nearness.data);
    assert.deepEqual(reused.confidence.data, fresh.confidence.data);
    assert.equal(reused.strength, fresh.strength);
  });
});
