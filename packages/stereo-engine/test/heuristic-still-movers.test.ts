import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';
import { groundPrior } from '../src/depth/heuristic/ground-prior.js';
import { MOVER_MARGIN, placeStillMovers } from '../src/depth/heuristic/place-still-movers.js';
import { detectStillMovers, type BackgroundModel } from '../src/depth/heuristic/still-camera-movers.js';
import { valueNoise as texture } from './fixtures/value-noise.js';

// Working level W×H, the fine level twice that.
const W = 96;
const H = 64;
const FW = 2 * W;
const FH = 2 * H;
/** Frames before the background model is trusted (MIN_FRAMES in still-camera-movers.ts). */
const MIN_FRAMES = 8;

interface Square {
  x: number;
  y: number;
  size: number;
  value: number;
}

/** The still background (grey 80..230), with squares of flat grey painted over it (fine coordinates). */
function fineFrame(squares: Square[] = []): FloatImage {
  const data = new Float32Array(FW * FH);
  for (let y = 0; y < FH; y++) {
    for (let x = 0; x < FW; x++) {
      const square = squares.find((s) => x >= s.x && x < s.x + s.size && y >= s.y && y < s.y + s.size);
      data[y * FW + x] = square ? square.value : 80 + 150 * texture(x, y, 4);
    }
  }
  return { data, width: FW, height: FH };
}

function detector() {
  const image = (): FloatImage => ({ data: new Float32Array(FW * FH), width: FW, height: FH });
  const model: BackgroundModel = { image: undefined, frames: 0 };
  const scratch = { difference: image(), changed: image(), smoothed: image(), box: image(), queue: new Int32Array(W * H) };
  const out = new Uint8Array(W * H);
  return { model, out, detect: (fine: FloatImage) => detectStillMovers({ model, fine, width: W, height: H, out, scratch }) };
}

const count = (mask: Uint8Array) => mask.reduce((sum, v) => sum + v, 0);

/** A dark 16 px square (8 working px) walking right at 4 fine px per frame, entering from beyond the left edge. */
const walker = (t: number): Square => ({ x: -16 + 4 * t, y: 60, size: 16, value: 5 });

describe('detectStillMovers', () => {
  it('reports nothing while the model is young, and the mover once it has seen enough frames', () => {
    const d = detector();
    for (let t = 0; t < MIN_FRAMES - 1; t++) {
      assert.equal(d.detect(fineFrame([walker(t)])), 0, `frame ${t}`);
      assert.equal(count(d.out), 0, `frame ${t}`);
    }
    assert.ok(d.detect(fineFrame([walker(MIN_FRAMES - 1)])) > 0, 'frame 7');
    assert.equal(d.model.frames, MIN_FRAMES);
  });

  it('covers the square where it is now, and none of the background, frame after frame', () => {
    const d = detector();
    for (let t = 0; t < 30; t++) {
      const square = walker(t);
      const found = d.detect(fineFrame([square]));
      if (t < MIN_FRAMES - 1) continue;
      assert.equal(found, count(d.out), `frame ${t}: the count is the mask's`);
      // In working pixels: the square's cells, and a one-pixel rim where the 3×3 smoothing reaches out.
      const [x0, x1, y0, y1] = [square.x / 2, (square.x + square.size) / 2, square.y / 2, (square.y + square.size) / 2];
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const inside = x >= x0 && x < x1 && y >= y0 && y < y1;
          const near = x >= x0 - 1 && x < x1 + 1 && y >= y0 - 1 && y < y1 + 1;
          if (inside) assert.equal(d.out[y * W + x], 1, `frame ${t}: square pixel (${x}, ${y})`);
          else if (!near) assert.equal(d.out[y * W + x], 0, `frame ${t}: background pixel (${x}, ${y})`);
        }
      }
    }
  });

  it('drops specks smaller than the minimum area, and keeps larger movers', () => {
    const d = detector();
    for (let t = 0; t < 10; t++) assert.equal(d.detect(fineFrame()), 0, `still frame ${t}`);
    // A 2×2 fine speck (at most a plus of 5 working pixels once smoothed) and a 12×12 one (36 working pixels and a rim).
    const speck: Square = { x: 40, y: 40, size: 2, value: 255 };
    const patch: Square = { x: 120, y: 80, size: 12, value: 0 };
    const found = d.detect(fineFrame([speck, patch]));
    for (let y = 18; y < 24; y++) for (let x = 18; x < 24; x++) assert.equal(d.out[y * W + x], 0, `speck pixel (${x}, ${y})`);
    for (let y = 40; y < 46; y++) for (let x = 60; x < 66; x++) assert.equal(d.out[y * W + x], 1, `patch pixel (${x}, ${y})`);
    assert.ok(found >= 36 && found <= 64, `found ${found}`);
    assert.equal(found, count(d.out));
    // The speck alone: nothing.
    assert.equal(d.detect(fineFrame([speck])), 0);
    assert.equal(count(d.out), 0);
  });

  it('restarts its model when the frame size changes', () => {
    const d = detector();
    for (let t = 0; t < 10; t++) d.detect(fineFrame());
    assert.equal(d.model.frames, 10);
    const other = { data: new Float32Array(FW * FH), width: FW / 2, height: FH * 2 };
    assert.equal(d.detect(other), 0);
    assert.equal(d.model.frames, 1);
    assert.equal(d.model.image!.width, FW / 2);
  });

  it('lets the ghost of where a mover stood in the model\'s first frame fade within 25 frames', () => {
    const d = detector();
    // The square is in the frame from the start, at x = 20..36 (fine), and walks off to the right.
    const ghostAt: number[] = [];
    for (let t = 0; t < 40; t++) {
      d.detect(fineFrame([{ ...walker(0), x: 20 + 4 * t }]));
      let ghost = 0;
      for (let y = 30; y < 38; y++) for (let x = 10; x < 18; x++) ghost += d.out[y * W + x]!;
      ghostAt.push(ghost);
    }
    assert.ok(ghostAt.slice(25).every((g) => g === 0), `ghost pixels per frame: ${ghostAt.join(' ')}`);
  });

  it('keeps a mover that walks past in the mask (its flat inside stands still only while it passes)', () => {
    const d = detector();
    for (let t = 0; t < 60; t++) {
      const square = { ...walker(t), x: -16 + 2 * t };
      d.detect(fineFrame([square]));
      if (t < 20) continue;
      const cx = (square.x + square.size / 2) / 2;
      const cy = (square.y + square.size / 2) / 2;
      assert.equal(d.out[Math.floor(cy) * W + Math.floor(cx)], 1, `frame ${t}: the square's centre`);
    }
  });
});

describe('placeStillMovers', () => {
  const prior = groundPrior({ width: W, height: H, horizon: 0.4 });
  const p = (x: number, y: number) => prior.data[y * W + x]!;

  function place(mask: Uint8Array, fill: (x: number, y: number) => number): FloatImage {
    const fused: FloatImage = { data: new Float32Array(W * H), width: W, height: H };
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) fused.data[y * W + x] = fill(x, y);
    const standing: FloatImage = { data: new Float32Array(W * H).fill(-5), width: W, height: H };
    placeStillMovers({ mask, prior, fused, standing });
    return fused;
  }

  it('gives each mask column the prior at its lowest row plus the margin, and leaves every other pixel alone', () => {
    const mask = new Uint8Array(W * H);
    // A person: columns 10..15 from row 20 down to row 50 (their feet).
    for (let y = 20; y <= 50; y++) for (let x = 10; x < 16; x++) mask[y * W + x] = 1;
    const fill = (x: number, y: number) => 0.1 + 0.001 * (x + y);
    const fused = place(mask, fill);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const v = fused.data[y * W + x]!;
        if (mask[y * W + x]) assert.ok(Math.abs(v - (p(x, 50) + MOVER_MARGIN)) < 1e-6, `(${x}, ${y}): ${v} vs ${p(x, 50) + MOVER_MARGIN}`);
        else assert.ok(Math.abs(v - fill(x, y)) < 1e-6, `(${x}, ${y}) changed`);
      }
    }
    // Nearer than the ground at its feet, and above the horizon (prior 0) no longer far.
    assert.ok(fused.data[20 * W + 12]! > p(12, 50));
    assert.equal(p(12, 20), 0);
  });

  it('never puts a mover farther than the map had it, and caps at 1', () => {
    const mask = new Uint8Array(W * H);
    // One run standing on the bottom row (prior ≈ 1: capped), one in mid-frame.
    for (let y = 40; y < H; y++) mask[y * W + 30] = 1;
    for (let y = 30; y <= 45; y++) mask[y * W + 60] = 1;
    const fused = place(mask, (x, y) => (x === 60 && y < 35 ? 0.95 : 0.2));
    for (let y = 40; y < H; y++) assert.equal(fused.data[y * W + 30], 1, `row ${y}`);
    for (let y = 30; y < 35; y++) assert.ok(Math.abs(fused.data[y * W + 60]! - 0.95) < 1e-6, `kept nearer at row ${y}`);
    for (let y = 35; y <= 45; y++) assert.ok(Math.abs(fused.data[y * W + 60]! - (p(60, 45) + MOVER_MARGIN)) < 1e-6, `row ${y}`);
  });

  it('places two movers in one column each by its own lowest row', () => {
    const mask = new Uint8Array(W * H);
    for (let y = 10; y <= 25; y++) mask[y * W + 40] = 1;
    for (let y = 40; y <= 55; y++) mask[y * W + 40] = 1;
    const fused = place(mask, () => 0);
    assert.ok(Math.abs(fused.data[12 * W + 40]! - (p(40, 25) + MOVER_MARGIN)) < 1e-6);
    assert.ok(Math.abs(fused.data[42 * W + 40]! - (p(40, 55) + MOVER_MARGIN)) < 1e-6);
    assert.equal(fused.data[30 * W + 40], 0, 'the gap between them');
  });
});
