import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';
import { measureFineMotion } from '../src/depth/heuristic/measure-fine-motion.js';
import type { MotionMap } from '../src/depth/heuristic/warp-by-motion.js';
import { valueNoise as texture } from './fixtures/value-noise.js';

// Fine level 200×132: the 8 px block grid (25×16) is centred 2 px down, so the coarse geometry has an origin to check.
const FINE_W = 200;
const FINE_H = 132;
const COARSE_W = FINE_W / 2;
const COARSE_H = FINE_H / 2;
const BLOCK = 8;

/** The world seen with its content moved by `shift(x)` fine pixels to the right (x: the pixel's column). */
function frame(shift: (x: number) => number): FloatImage {
  const data = new Float32Array(FINE_W * FINE_H);
  for (let y = 0; y < FINE_H; y++) for (let x = 0; x < FINE_W; x++) data[y * FINE_W + x] = 20 + 200 * texture(x - shift(x), y, 9);
  return { data, width: FINE_W, height: FINE_H };
}

/** A coarse motion map (coarse px per frame), `dx(x)` by coarse column, no vertical motion. */
function coarseMap(dx: (x: number) => number): MotionMap {
  const map = { dx: new Float32Array(COARSE_W * COARSE_H), dy: new Float32Array(COARSE_W * COARSE_H) };
  for (let y = 0; y < COARSE_H; y++) for (let x = 0; x < COARSE_W; x++) map.dx[y * COARSE_W + x] = dx(x);
  return map;
}

/** Blocks whose centre lies in coarse columns [x0, x1), away from the frame's border (their search window is whole). */
function blocksWithin(field: ReturnType<typeof measureFineMotion>, x0: number, x1: number): number[] {
  const picked: number[] = [];
  for (let k = 0; k < field.dx.length; k++) {
    const col = k % field.cols;
    const row = (k - col) / field.cols;
    const x = field.originX + (col + 0.5) * field.blockSize;
    if (x >= x0 && x < x1 && col > 0 && col < field.cols - 1 && row > 0 && row < field.rows - 1) picked.push(k);
  }
  return picked;
}

/**
 * Every block of `blocks` confident; at least `share` of them (all, by default) off by less than 0.1 coarse px per
 * frame in each direction (an integer-pixel mistake over the gap of 2 would be 0.25); the median of dx within 0.015
 * of `expected`. Block matching's sub-pixel refinement on this piecewise-linear texture errs per block by up to
 * ~0.3 fine px even between identical frames, and at fractional shifts an odd block picks a vertical offset of a
 * pixel (the shifted texture is a blurred copy; block-match.ts, not this stage).
 */
function assertMotion(field: ReturnType<typeof measureFineMotion>, blocks: number[], expected: number, label: string, share = 1): void {
  assert.ok(blocks.length >= 20, `${label}: ${blocks.length} blocks`);
  const errors: number[] = [];
  let good = 0;
  for (const k of blocks) {
    assert.ok(field.confidence[k]! > 0.3, `${label}: block ${k} confidence ${field.confidence[k]}`);
    if (Math.abs(field.dx[k]! - expected) < 0.1 && Math.abs(field.dy[k]!) < 0.1) good++;
    else if (share === 1) assert.fail(`${label}: block ${k} motion (${field.dx[k]}, ${field.dy[k]}) vs (${expected}, 0)`);
    errors.push(field.dx[k]! - expected);
  }
  assert.ok(good >= share * blocks.length, `${label}: ${good} of ${blocks.length} blocks right`);
  errors.sort((a, b) => a - b);
  const median = errors[errors.length >> 1]!;
  assert.ok(Math.abs(median) < 0.015, `${label}: median error ${median}`);
}

const all = (field: ReturnType<typeof measureFineMotion>) => blocksWithin(field, 0, COARSE_W);

describe('measureFineMotion', () => {
  it('returns geometry in coarse pixels: blocks of half the size, origin halved', () => {
    const still = frame(() => 0);
    const field = measureFineMotion({ reference: still, current: still, gap: 2, direction: 1, coarseMotion: coarseMap(() => 0), coarseWidth: COARSE_W, coarseHeight: COARSE_H, blockSize: BLOCK });
    assert.equal(field.cols, 25);
    assert.equal(field.rows, 16);
    assert.equal(field.blockSize, 4);
    assert.equal(field.originX, 0);
    assert.equal(field.originY, 1);
    assertMotion(field, all(field), 0, 'still');
  });

  it('measures a 3.0 px shift over 2 frames as 0.75 coarse px per frame, and a 2.6 px one as 0.65, around a coarse prediction off by most of a pixel', () => {
    const reference = frame(() => 0);
    for (const [shift, predicted] of [[3, 0.55], [3, 0.95], [2.6, 0.4]] as const) {
      // Prediction per frame in coarse px; the true motion is shift / (gap · 2).
      const field = measureFineMotion({ reference, current: frame(() => shift), gap: 2, direction: 1, coarseMotion: coarseMap(() => predicted), coarseWidth: COARSE_W, coarseHeight: COARSE_H, blockSize: BLOCK });
      assertMotion(field, all(field), shift / 4, `shift ${shift}, predicted ${predicted}`, Number.isInteger(shift) ? 1 : 0.95);
    }
  });

  it('follows the coarse prediction block by block: motion beyond the search window is found only where it is predicted', () => {
    // Content moves 7 fine px over 2 frames (1.75 coarse px per frame): 5 px beyond a search of ±2 around no motion.
    const reference = frame(() => 0);
    const current = frame(() => 7);
    const guided = measureFineMotion({ reference, current, gap: 2, direction: 1, coarseMotion: coarseMap(() => 1.6), coarseWidth: COARSE_W, coarseHeight: COARSE_H, blockSize: BLOCK });
    assertMotion(guided, all(guided), 1.75, 'predicted');
    const blind = measureFineMotion({ reference, current, gap: 2, direction: 1, coarseMotion: coarseMap(() => 0), coarseWidth: COARSE_W, coarseHeight: COARSE_H, blockSize: BLOCK });
    for (const k of all(blind)) assert.ok(Math.abs(blind.dx[k]!) <= 2.5 / 4 + 1e-6, `unpredicted block ${k}: dx ${blind.dx[k]}`);
    // Left half moving right, right half left (3 fine px over 2 frames each way), predicted per coarse pixel.
    const split = frame((x) => (x < FINE_W / 2 ? 3 : -3));
    const field = measureFineMotion({ reference, current: split, gap: 2, direction: 1, coarseMotion: coarseMap((x) => (x < COARSE_W / 2 ? 0.7 : -0.7)), coarseWidth: COARSE_W, coarseHeight: COARSE_H, blockSize: BLOCK });
    assertMotion(field, blocksWithin(field, 0, COARSE_W / 2 - 4), 0.75, 'left half');
    assertMotion(field, blocksWithin(field, COARSE_W / 2 + 4, COARSE_W), -0.75, 'right half');
  });

  it('with the reference ahead (gap −2) and the coarse motion measured backwards (direction −1), returns the same motion per frame forwards', () => {
    // Forwards, content moves 1.5 fine px per frame: frame t shows it shifted by 1.5·t.
    const now = frame(() => 0);
    const ahead = frame(() => 3);
    const forwards = measureFineMotion({ reference: now, current: ahead, gap: 2, direction: 1, coarseMotion: coarseMap(() => 0.75), coarseWidth: COARSE_W, coarseHeight: COARSE_H, blockSize: BLOCK });
    assertMotion(forwards, all(forwards), 0.75, 'forwards');
    // warmUp: the current frame is t = 0, the reference t = 2; the coarse level measured the motion from t = 1 to t = 0 (−0.75).
    const backwards = measureFineMotion({ reference: ahead, current: now, gap: -2, direction: -1, coarseMotion: coarseMap(() => -0.75), coarseWidth: COARSE_W, coarseHeight: COARSE_H, blockSize: BLOCK });
    assertMotion(backwards, all(backwards), 0.75, 'backwards');
    // Same blocks, same SAD curves mirrored: the same motion up to the sub-pixel refinement's own error.
    for (const k of all(forwards)) assert.ok(Math.abs(backwards.dx[k]! - forwards.dx[k]!) < 0.1, `block ${k}: ${backwards.dx[k]} vs ${forwards.dx[k]}`);
  });
});
