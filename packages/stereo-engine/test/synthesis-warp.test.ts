import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plane } from '../src/frame.ts';
import { createWarpScratch, warpPlane, type FloatMap } from '../src/synthesis/index.ts';

const SENTINEL = 1; // never used by the test images, so an untouched target pixel shows

function plane(width: number, height: number, value: (x: number, y: number) => number): Plane {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { data, width, height };
}
function disparity(width: number, height: number, value: (x: number, y: number) => number): FloatMap {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { data, width, height };
}
function warp(source: Plane, map: FloatMap, shiftScale: number): number[] {
  const target = { data: new Uint8Array(source.width * source.height).fill(SENTINEL), width: source.width, height: source.height };
  warpPlane({ source, target, disparity: map, shiftScale });
  assert.ok(!target.data.includes(SENTINEL), 'every target pixel is written');
  return Array.from(target.data);
}

const ramp = (x: number) => 10 + x;

test('a uniform integer shift is an exact copy; the uncovered edge repeats the nearest pixel', () => {
  const source = plane(12, 1, ramp);
  assert.deepEqual(warp(source, disparity(12, 1, () => 6), 0.5), [10, 10, 10, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
  assert.deepEqual(warp(source, disparity(12, 1, () => 6), -0.5), [13, 14, 15, 16, 17, 18, 19, 20, 21, 21, 21, 21]);
  assert.deepEqual(warp(source, disparity(12, 1, () => 0), 0.5), Array.from(source.data));
});

test('a sub-pixel shift interpolates linearly', () => {
  const source = plane(8, 1, (x) => 10 * x + 20);
  // +0.5 px: each target pixel sits halfway between two source pixels.
  assert.deepEqual(warp(source, disparity(8, 1, () => 1), 0.5).slice(1), [25, 35, 45, 55, 65, 75, 85]);
  // −0.25 px
  assert.deepEqual(warp(source, disparity(8, 1, () => 0.5), -0.5).slice(0, 7), [23, 33, 43, 53, 63, 73, 83]);
});

// A near block (disparity 8, values ≥ 200) on a far background (disparity −8, a ramp), one row.
const W = 40;
const A = 14; // block columns [A, B)
const B = 22;
const scene = plane(W, 1, (x) => (x >= A && x < B ? 200 + x - A : ramp(x)));
const depthOf = disparity(W, 1, (x) => (x >= A && x < B ? 8 : -8));

test('left view (+d/2): block moves right 4, background left 4, the hole left of the block is background', () => {
  const out = warp(scene, depthOf, 0.5);
  // The block, exactly shifted by +4, whole.
  for (let x = A; x < B; x++) assert.equal(out[x + 4], scene.data[x], `block column ${x}`);
  // Background shifted by −4 away from the block.
  for (let x = 4; x < A - 1; x++) assert.equal(out[x - 4], scene.data[x]);
  for (let x = B + 8; x < W; x++) assert.equal(out[x - 4], scene.data[x]);
  // Disocclusion [A−4, A+4): background colour of the block's far-side neighbour, not the block's.
  for (let x = A - 4; x < A + 4; x++) assert.equal(out[x], ramp(A - 1), `hole ${x}`);
  // Occlusion: the block (near) hides the background that lands on it.
  for (let x = B; x < B + 4; x++) assert.ok(out[x]! >= 200, `block wins at ${x}`);
  // The strip the view moved away from (right frame edge) repeats the last background pixel.
  for (let x = W - 4; x < W; x++) assert.equal(out[x], ramp(W - 1));
});

test('right view (−d/2): block moves left 4, background right 4, the hole right of the block is background', () => {
  const out = warp(scene, depthOf, -0.5);
  for (let x = A; x < B; x++) assert.equal(out[x - 4], scene.data[x], `block column ${x}`);
  for (let x = 0; x < A - 8; x++) assert.equal(out[x + 4], scene.data[x]);
  for (let x = B + 1; x < W - 4; x++) assert.equal(out[x + 4], scene.data[x]);
  for (let x = B - 4; x < B + 4; x++) assert.equal(out[x], ramp(B), `hole ${x}`);
  for (let x = A - 4; x < A; x++) assert.ok(out[x]! >= 200, `block wins at ${x}`);
  for (let x = 0; x < 4; x++) assert.equal(out[x], ramp(0));
});

test('nearer wins whatever the drawing order: two pixels landing on one target pixel', () => {
  // Pixel 2 (near, d = 6) and pixel 5 (far, d = 0) both land on 5 in the left view (+d/2)…
  const source = plane(10, 1, (x) => [20, 30, 250, 40, 50, 60, 70, 80, 90, 100][x]!);
  const left = warp(source, disparity(10, 1, (x) => (x === 2 ? 6 : 0)), 0.5);
  assert.equal(left[5], 250);
  // …and pixel 7 (near) and pixel 4 (far) both land on 4 in the right view (−d/2).
  const source2 = plane(10, 1, (x) => [20, 30, 40, 50, 60, 70, 80, 250, 90, 100][x]!);
  const right = warp(source2, disparity(10, 1, (x) => (x === 7 ? 6 : 0)), -0.5);
  assert.equal(right[4], 250);
  // A far pixel never covers a near one: reversed depths, the far pixel lands on the near one and loses.
  const behind = warp(source, disparity(10, 1, (x) => (x === 2 ? -6 : 0)), -0.5);
  assert.equal(behind[5], 60);
});

test('a thin near object does not wipe the real background revealed next to it', () => {
  // Two-pixel pole moving 10 px right: the background right of it stays visible where it really is.
  const source = plane(30, 1, (x) => (x === 5 || x === 6 ? 250 : ramp(x)));
  const out = warp(source, disparity(30, 1, (x) => (x === 5 || x === 6 ? 20 : 0)), 0.5);
  assert.deepEqual(out.slice(15, 17), [250, 250]);
  for (let x = 7; x < 15; x++) assert.equal(out[x], ramp(x), `background ${x}`);
  for (let x = 30 - 13; x < 30; x++) assert.equal(out[x], ramp(x));
  // Only the pole's own old place is a hole, filled from the background.
  assert.deepEqual(out.slice(5, 7), [ramp(4), ramp(4)]);
});

test('sub-pixel object edges stay sharp: no blend of object and background in the hole', () => {
  const source = plane(W, 1, (x) => (x >= A && x < B ? 200 : 50));
  const out = warp(source, disparity(W, 1, (x) => (x >= A && x < B ? 7.4 : -7.4)), 0.5);
  assert.ok(out.every((v) => v === 200 || v === 50), `only object or background values: ${out.join(',')}`);
  assert.equal(out.filter((v) => v === 200).length, B - A, 'the object keeps its width');
});

test('every pixel of every row is written, for random scenes, both directions, tiny and wide planes', () => {
  const scratch = createWarpScratch();
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (const [width, height] of [[1, 1], [2, 1], [3, 2], [64, 9], [301, 3]] as const) {
    const source = plane(width, height, () => 10 + Math.floor(random() * 240));
    const map = disparity(width, height, () => (random() - 0.5) * 40);
    for (const shiftScale of [0.5, -0.5, 0.25, -1]) {
      const target = { data: new Uint8Array(width * height).fill(SENTINEL), width, height };
      warpPlane({ source, target, disparity: map, shiftScale, scratch });
      assert.ok(!target.data.includes(SENTINEL), `${width}x${height} ${shiftScale}`);
    }
  }
});

test('rejects mismatched sizes and in-place warps', () => {
  const source = plane(4, 1, ramp);
  assert.throws(() => warpPlane({ source, target: plane(3, 1, ramp), disparity: disparity(4, 1, () => 0), shiftScale: 1 }));
  assert.throws(() => warpPlane({ source, target: source, disparity: disparity(4, 1, () => 0), shiftScale: 1 }));
});
