import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DepthMap, Frame, PixelFormat } from '../src/frame.ts';
import { DEFAULT_STEREO_PARAMS, type StereoParams } from '../src/stereo-params.ts';
import { allocateFrame, createSynthesisScratch, synthesizeViews } from '../src/synthesis/index.ts';

// A 200x20 frame: a near block (depth 1) over columns [BX0, BX1), rows [BY0, BY1) on a far background (depth 0).
// Luma/RGB texture: background = 10 + x (a ramp: a value names its source column), block = 220 + (x − BX0).
// yuv420p chroma: background = 10 + c, block = 200 + (c − BX0/2), so chroma shifts are measurable too.
const W = 200;
const H = 20;
const BX0 = 80;
const BX1 = 112;
const BY0 = 4;
const BY1 = 12;
const inBlock = (x: number, y: number) => x >= BX0 && x < BX1 && y >= BY0 && y < BY1;
// 8 % of 200 px = 16 px between depth 0 and 1: with convergence 0.5, d = +8 (block) and −8 (background).
const PARAMS: StereoParams = { ...DEFAULT_STEREO_PARAMS, divergence: 8, convergence: 0.5, foregroundScale: 1, symmetric: true, edgeDilation: 0 };

function sceneFrame(format: PixelFormat): Frame {
  const frame = allocateFrame({ format, width: W, height: H });
  frame.planes.forEach((plane, p) => {
    const chroma = format === 'yuv420p' && p > 0;
    for (let y = 0; y < plane.height; y++) {
      for (let x = 0; x < plane.width; x++) {
        const block = chroma ? inBlock(2 * x, 2 * y) : inBlock(x, y);
        plane.data[y * plane.width + x] = chroma ? (block ? 200 + x - BX0 / 2 : 10 + x) : block ? 220 + x - BX0 : 10 + x;
      }
    }
  });
  return frame;
}

function blockDepth(width = W, height = H): DepthMap {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = inBlock((x * W) / width, (y * H) / height) ? 1 : 0;
  return { data, width, height };
}

/** Source column of a luma value in a block row (block and background textures never overlap). */
const lumaSource = (v: number) => (v >= 220 ? BX0 + v - 220 : v - 10);

/** Shift of the block and of the far background (measured away from edges and holes) in one luma row. */
function measure(frame: Frame, y = 8): { block: number; background: number } {
  const row = frame.planes[0].data.subarray(y * W, (y + 1) * W);
  const blockShifts = new Set<number>();
  row.forEach((v, x) => {
    if (v >= 220) blockShifts.add(x - lumaSource(v));
  });
  assert.equal(blockShifts.size, 1, `one block shift, got ${[...blockShifts].join(',')}`);
  const block = [...blockShifts][0]!;
  assert.equal(row.filter((v) => v >= 220).length, BX1 - BX0, 'the block keeps its width');
  // Background columns well left of everything that moved.
  const backgroundShifts = new Set<number>();
  for (let x = 20; x < 60; x++) backgroundShifts.add(x - lumaSource(row[x]!));
  assert.equal(backgroundShifts.size, 1);
  return { block, background: [...backgroundShifts][0]! };
}

for (const format of ['yuv420p', 'gbrp'] as const) {
  test(`${format}: symmetric eyes shift the block by ±d/2 with crossed disparity (x_L − x_R = d > 0 for near)`, () => {
    const frame = sceneFrame(format);
    const { left, right } = synthesizeViews({ frame, depth: blockDepth(), params: PARAMS });
    assert.deepEqual(measure(left), { block: 4, background: -4 });
    assert.deepEqual(measure(right), { block: -4, background: 4 });
    // Every plane of a gbrp frame moves alike.
    if (format === 'gbrp') for (const eye of [left, right]) assert.deepEqual(eye.planes[1].data, eye.planes[0].data);
    // Rows outside the block: the whole background moves, nothing of the block.
    assert.equal(left.planes[0].data[1 * W + 50], 10 + 54);
    assert.equal(right.planes[0].data[1 * W + 50], 10 + 46);
  });
}

test('yuv420p chroma moves by half as many (twice as wide) pixels', () => {
  const { left, right } = synthesizeViews({ frame: sceneFrame('yuv420p'), depth: blockDepth(), params: PARAMS });
  const cw = W / 2;
  const cy = 4; // chroma row 4 = luma rows 8, 9
  const chromaShift = (eye: Frame) => {
    const row = eye.planes[1].data.subarray(cy * cw, (cy + 1) * cw);
    const block = new Set<number>();
    row.forEach((v, c) => {
      if (v >= 200) block.add(c - (v - 200 + BX0 / 2));
    });
    return { block: [...block], background: 20 - (row[20]! - 10) };
  };
  assert.deepEqual(chromaShift(left), { block: [2], background: -2 });
  assert.deepEqual(chromaShift(right), { block: [-2], background: 2 });
  assert.deepEqual(left.planes[2].data, left.planes[1].data);
});

test('disocclusions are filled from the background side, and the near block hides what it covers', () => {
  const { left, right } = synthesizeViews({ frame: sceneFrame('gbrp'), depth: blockDepth(), params: PARAMS });
  const row = (eye: Frame) => Array.from(eye.planes[0].data.subarray(8 * W, 9 * W));
  const l = row(left);
  // Left eye: block at [84, 116); background from the left ends at 75 (= source 79); [76, 84) is the hole.
  assert.deepEqual(l.slice(76, 84), Array(8).fill(10 + BX0 - 1));
  assert.ok(l.slice(84, 116).every((v) => v >= 220));
  assert.equal(l[116], 10 + 120); // background resumes with source column 120 (112..119 hidden)
  const r = row(right);
  // Right eye: block at [76, 108); hole [108, 116) takes the background just right of the block.
  assert.deepEqual(r.slice(108, 116), Array(8).fill(10 + BX1));
  assert.ok(r.slice(76, 108).every((v) => v >= 220));
  assert.equal(r[75], 10 + 71);
});

test('symmetric: false keeps the original as the left eye and shifts the right by −d', () => {
  const frame = sceneFrame('yuv420p');
  const { left, right } = synthesizeViews({ frame, depth: blockDepth(), params: { ...PARAMS, symmetric: false } });
  assert.equal(left, frame);
  assert.deepEqual(measure(left), { block: 0, background: 0 });
  assert.deepEqual(measure(right), { block: -8, background: 8 });
});

test('convergence moves the zero-shift depth', () => {
  const frame = sceneFrame('gbrp');
  // Convergence 1: the block sits on the screen, the background behind (uncrossed).
  const onScreen = synthesizeViews({ frame, depth: blockDepth(), params: { ...PARAMS, convergence: 1 } });
  assert.deepEqual(measure(onScreen.left), { block: 0, background: -8 });
  assert.deepEqual(measure(onScreen.right), { block: 0, background: 8 });
  // Convergence 0: the background on the screen, the whole block pops out.
  const popOut = synthesizeViews({ frame, depth: blockDepth(), params: { ...PARAMS, convergence: 0 } });
  assert.deepEqual(measure(popOut.left), { block: 8, background: 0 });
  assert.deepEqual(measure(popOut.right), { block: -8, background: 0 });
});

test('foregroundScale scales only the part nearer than the convergence plane', () => {
  const { left, right } = synthesizeViews({ frame: sceneFrame('gbrp'), depth: blockDepth(), params: { ...PARAMS, foregroundScale: 2 } });
  assert.deepEqual(measure(left), { block: 8, background: -4 });
  assert.deepEqual(measure(right), { block: -8, background: 4 });
});

test('a low-resolution depth map: edge dilation keeps the block edges on the block (no smear)', () => {
  const frame = sceneFrame('gbrp');
  const depth = blockDepth(W / 4, H / 4); // 50x5, block on whole depth pixels
  const smeared = synthesizeViews({ frame, depth, params: { ...PARAMS, edgeDilation: 0 } });
  const blockShifts = (eye: Frame) => {
    const shifts = new Set<number>();
    eye.planes[0].data.subarray(8 * W, 9 * W).forEach((v, x) => {
      if (v >= 220) shifts.add(x - lumaSource(v));
    });
    return shifts;
  };
  // Without dilation the bilinear ramp gives the block's edge pixels in-between depths: they lag behind.
  assert.ok(blockShifts(smeared.left).size > 1, 'the undilated block edge smears');
  for (const edgeDilation of [2, 4]) {
    const { left, right } = synthesizeViews({ frame, depth, params: { ...PARAMS, edgeDilation } });
    assert.deepEqual([...blockShifts(left)], [4], `dilation ${edgeDilation}`);
    assert.deepEqual([...blockShifts(right)], [-4]);
  }
});

test('a scratch is reused between frames and resized when the size changes', () => {
  const scratch = createSynthesisScratch();
  const first = synthesizeViews({ frame: sceneFrame('yuv420p'), depth: blockDepth(), params: PARAMS, scratch });
  const second = synthesizeViews({ frame: sceneFrame('yuv420p'), depth: blockDepth(25, 5), params: PARAMS, scratch });
  assert.equal(second.left, first.left);
  assert.equal(second.right, first.right);
  const small = allocateFrame({ format: 'yuv420p', width: 3, height: 3 });
  const third = synthesizeViews({ frame: small, depth: blockDepth(2, 2), params: PARAMS, scratch });
  assert.equal(third.left.width, 3);
  assert.equal(third.left.planes[1].width, 2);
});

test('odd and tiny frames synthesise in both pixel formats', () => {
  for (const [width, height] of [[1, 1], [3, 2], [853, 480]] as const) {
    for (const format of ['yuv420p', 'gbrp'] as const) {
      const frame = allocateFrame({ format, width, height });
      frame.planes.forEach((plane) => plane.data.fill(77));
      const depth = { data: new Float32Array(4 * 3).map((_, i) => i / 11), width: 4, height: 3 };
      const { left, right } = synthesizeViews({ frame, depth, params: DEFAULT_STEREO_PARAMS });
      for (const eye of [left, right]) {
        assert.equal(eye.width, width);
        for (const plane of eye.planes) assert.ok(plane.data.every((v) => v === 77), `${format} ${width}x${height}`);
      }
    }
  }
});

test('negative divergence or foregroundScale is rejected (nearer-wins needs disparity growing with nearness)', () => {
  const frame = sceneFrame('gbrp');
  assert.throws(() => synthesizeViews({ frame, depth: blockDepth(), params: { ...PARAMS, divergence: -1 } }), RangeError);
  assert.throws(() => synthesizeViews({ frame, depth: blockDepth(), params: { ...PARAMS, foregroundScale: -1 } }), RangeError);
});
