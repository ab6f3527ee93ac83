import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame } from '../src/frame.ts';
import { allocateFrame, regionsOf, warpPlane, type FloatMap } from '../src/synthesis/index.ts';
import { chromaPosition, warpYuv420 } from '../src/synthesis/warp-yuv420.ts';

const SENTINEL = 1; // never used by the test images, so an untouched target pixel shows

function frame(width: number, height: number, value: (p: number, x: number, y: number) => number): Frame {
  const result = allocateFrame({ format: 'yuv420p', width, height });
  result.planes.forEach((plane, p) => {
    for (let y = 0; y < plane.height; y++) for (let x = 0; x < plane.width; x++) plane.data[y * plane.width + x] = value(p, x, y);
  });
  return result;
}
function disparity(width: number, height: number, value: (x: number, y: number) => number): FloatMap {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { data, width, height };
}
function warp(source: Frame, map: FloatMap, shiftScale: number): Frame {
  const target = allocateFrame({ format: 'yuv420p', width: source.width, height: source.height });
  target.planes.forEach((plane) => plane.data.fill(SENTINEL));
  warpYuv420({ source, target: regionsOf(target), disparity: map, shiftScale });
  target.planes.forEach((plane, p) => assert.ok(!plane.data.includes(SENTINEL), `every pixel of plane ${p} is written`));
  return target;
}
const row = (frame: Frame, p: number, y: number): number[] => {
  const { data, width } = frame.planes[p]!;
  return Array.from(data.subarray(y * width, (y + 1) * width));
};

test('chromaPosition: chroma pixel c takes half the source position of luma pixel 2c, clamped to the row', () => {
  // Luma shifted right by 3 px (source = p − 3, the first 3 pixels repeat source 0), 12 wide → 6 chroma pixels.
  const index = Int32Array.from({ length: 12 }, (_, p) => Math.max(0, p - 3));
  const frac = new Float32Array(12);
  // A 1.5-chroma-pixel shift.
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((c) => chromaPosition(index, frac, c, 5)), [0, 0, 0.5, 1.5, 2.5, 3.5]);
  // Luma reading its last pixel (index 10, frac 1) puts chroma on its last pixel, never past it.
  index.set([10, 10], 10);
  frac.set([1, 1], 10);
  assert.equal(chromaPosition(index, frac, 5, 5), 5);
});

test('warpYuv420: a uniform shift moves luma and chroma by the same distance; both rows of a pair alike', () => {
  const source = frame(16, 4, (p, x, y) => (p === 0 ? 10 + 10 * x + y : 100 + 20 * x + y));
  // Disparity 8 with shiftScale 0.5: luma 4 px right, chroma 2 of its pixels.
  const out = warp(source, disparity(2, 2, () => 8), 0.5);
  for (let y = 0; y < 4; y++) assert.deepEqual(row(out, 0, y), [10, 10, 10, 10, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120].map((v) => v + y));
  for (const p of [1, 2]) for (let y = 0; y < 2; y++) assert.deepEqual(row(out, p, y), [100, 100, 100, 120, 140, 160, 180, 200].map((v) => v + y));
});

test('warpYuv420: the luma matches warpPlane wherever the disparity does not change down the frame', () => {
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const values = Array.from({ length: 48 }, () => (random() - 0.5) * 20);
  const map = disparity(48, 1, (x) => values[x]!);
  const source = frame(96, 6, () => 10 + Math.floor(random() * 240));
  for (const shiftScale of [0.5, -0.5]) {
    const out = warp(source, map, shiftScale);
    const luma = { data: new Uint8Array(96 * 6), width: 96, height: 6 };
    warpPlane({ source: source.planes[0], target: luma, disparity: map, shiftScale });
    assert.deepEqual(Array.from(out.planes[0].data), Array.from(luma.data), `shiftScale ${shiftScale}`);
  }
});

test('warpYuv420: every pixel is written for odd and tiny sizes, both directions', () => {
  let seed = 3;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (const [width, height] of [[1, 1], [3, 3], [4, 1], [5, 7], [65, 9]] as const) {
    const source = frame(width, height, () => 10 + Math.floor(random() * 240));
    const map = disparity(Math.ceil(width / 4), Math.ceil(height / 4), () => (random() - 0.5) * 30);
    for (const shiftScale of [0.5, -0.5, -1]) warp(source, map, shiftScale);
  }
});

test('warpYuv420: rejects a gbrp frame and a target overlapping the source', () => {
  const gbrp = allocateFrame({ format: 'gbrp', width: 8, height: 2 });
  assert.throws(() => warpYuv420({ source: gbrp, target: regionsOf(gbrp), disparity: disparity(1, 1, () => 0), shiftScale: 0.5 }));
  const source = frame(8, 2, () => 20);
  assert.throws(() => warpYuv420({ source, target: regionsOf(source), disparity: disparity(1, 1, () => 0), shiftScale: 0.5 }));
});
