import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ffmpegPath } from '@stereo-spot/ffmpeg';
import { OUTPUT_FORMATS } from '@stereo-spot/shared-types';
import type { DepthMap, Frame, PixelFormat } from '../src/frame.ts';
import { composeLayout, eyeLayout, layoutSize, pixelFormatFor } from '../src/layouts/index.ts';
import { DEFAULT_STEREO_PARAMS, type StereoParams } from '../src/stereo-params.ts';
import { allocateFrame, createRenderScratch, renderStereoFrame, synthesizeViews } from '../src/synthesis/index.ts';

// The scene of synthesis-views.test.ts: a 200x20 frame, near block (depth 1) at columns [80, 112), rows [4, 12)
// over a far background (depth 0). Texture (every plane alike): background 10 + x, block 220 + (x − 80).
// 8 % divergence, convergence 0.5: d = +8 on the block, −8 on the background, so each eye moves ±4.
const W = 200;
const H = 20;
const BX0 = 80;
const inBlock = (x: number, y: number) => x >= BX0 && x < 112 && y >= 4 && y < 12;
const PARAMS: StereoParams = { ...DEFAULT_STEREO_PARAMS, divergence: 8, convergence: 0.5, edgeDilation: 0 };

function sceneFrame(format: PixelFormat): Frame {
  const frame = allocateFrame({ format, width: W, height: H });
  frame.planes.forEach((plane, p) => {
    const sub = format === 'yuv420p' && p > 0 ? 2 : 1;
    for (let y = 0; y < plane.height; y++) {
      for (let x = 0; x < plane.width; x++) plane.data[y * plane.width + x] = inBlock(x * sub, y * sub) ? 220 + x - BX0 / sub : 10 + x;
    }
  });
  return frame;
}
const depth: DepthMap = { data: Float32Array.from({ length: W * H }, (_, i) => (inBlock(i % W, Math.floor(i / W)) ? 1 : 0)), width: W, height: H };

/** Shifts of block and background in one row of an eye, full resolution or squeezed 2:1 (pairs 2j, 2j+1). */
function measure(row: ArrayLike<number>, squeezed: boolean): { block: number; background: number } {
  // A squeezed pair of the ramps averages to 221 + 2k (block) or 11 + 2j (background), rounding up.
  const source = (v: number) => (squeezed ? (v >= 220 ? BX0 / 2 + (v - 221) / 2 : (v - 11) / 2) : v >= 220 ? BX0 + v - 220 : v - 10);
  const block = new Set<number>();
  const background = new Set<number>();
  for (let x = 0; x < row.length; x++) {
    const v = row[x]!;
    if (v >= 220) block.add(x - source(v));
  }
  const scale = squeezed ? 2 : 1;
  for (let x = 20 / scale; x < 60 / scale; x++) background.add(x - source(row[x]!));
  assert.equal(block.size, 1, `one block shift: ${[...block].join(',')}`);
  assert.equal(background.size, 1, `one background shift: ${[...background].join(',')}`);
  return { block: [...block][0]!, background: [...background][0]! };
}

const rowOf = (frame: Frame, plane: number, y: number, x0 = 0, width = frame.planes[plane]!.width) => {
  const p = frame.planes[plane]!;
  return p.data.subarray(y * p.width + x0, y * p.width + x0 + width);
};

const LEFT = { block: 4, background: -4 };
const RIGHT = { block: -4, background: 4 };
const LEFT_SQUEEZED = { block: 2, background: -2 };
const RIGHT_SQUEEZED = { block: -2, background: 2 };

test('sbs-full: left eye in the left half, right eye in the right half, crossed disparity', () => {
  const out = renderStereoFrame({ frame: sceneFrame('yuv420p'), depth, format: 'sbs-full', params: PARAMS });
  assert.deepEqual([out.width, out.height, out.format], [2 * W, H, 'yuv420p']);
  assert.deepEqual(measure(rowOf(out, 0, 8, 0, W), false), LEFT);
  assert.deepEqual(measure(rowOf(out, 0, 8, W, W), false), RIGHT);
});

test('cross: right eye in the left half, left eye in the right half', () => {
  const out = renderStereoFrame({ frame: sceneFrame('yuv420p'), depth, format: 'cross', params: PARAMS });
  assert.deepEqual([out.width, out.height], [2 * W, H]);
  assert.deepEqual(measure(rowOf(out, 0, 8, 0, W), false), RIGHT);
  assert.deepEqual(measure(rowOf(out, 0, 8, W, W), false), LEFT);
});

test('tb-full: left eye on top, right eye below', () => {
  const out = renderStereoFrame({ frame: sceneFrame('yuv420p'), depth, format: 'tb-full', params: PARAMS });
  assert.deepEqual([out.width, out.height], [W, 2 * H]);
  assert.deepEqual(measure(rowOf(out, 0, 8), false), LEFT);
  assert.deepEqual(measure(rowOf(out, 0, H + 8), false), RIGHT);
});

test('sbs-half: each eye squeezed into its half, shifts halved with it', () => {
  const out = renderStereoFrame({ frame: sceneFrame('yuv420p'), depth, format: 'sbs-half', params: PARAMS });
  assert.deepEqual([out.width, out.height], [W, H]);
  assert.deepEqual(measure(rowOf(out, 0, 8, 0, W / 2), true), LEFT_SQUEEZED);
  assert.deepEqual(measure(rowOf(out, 0, 8, W / 2, W / 2), true), RIGHT_SQUEEZED);
});

test('tb-half: each eye squeezed vertically into its half, horizontal shifts unchanged', () => {
  const out = renderStereoFrame({ frame: sceneFrame('yuv420p'), depth, format: 'tb-half', params: PARAMS });
  assert.deepEqual([out.width, out.height], [W, H]);
  // Eye rows 8 and 9 (both through the block) become row 4 of each half.
  assert.deepEqual(measure(rowOf(out, 0, 4), false), LEFT);
  assert.deepEqual(measure(rowOf(out, 0, H / 2 + 4), false), RIGHT);
});

test('colour, grey and half-colour anaglyphs: red from the left eye, green and blue from the right', () => {
  // On a grey scene (equal R, G, B) these three give exactly red = left eye, green = blue = right eye.
  for (const format of ['anaglyph-color', 'anaglyph-gray', 'anaglyph-halfcolor'] as const) {
    const out = renderStereoFrame({ frame: sceneFrame('gbrp'), depth, format, params: PARAMS });
    assert.deepEqual([out.width, out.height, out.format], [W, H, 'gbrp']);
    assert.deepEqual(measure(rowOf(out, 2, 8), false), LEFT, `${format} red`);
    assert.deepEqual(measure(rowOf(out, 0, 8), false), RIGHT, `${format} green`);
    assert.deepEqual(measure(rowOf(out, 1, 8), false), RIGHT, `${format} blue`);
  }
});

test('anaglyph-dubois equals ffmpeg stereo3d=sbsl:arcd applied to our own sbs-full output (±1)', () => {
  const frame = allocateFrame({ format: 'gbrp', width: W, height: H });
  frame.planes.forEach((plane, p) => plane.data.forEach((_, i) => (plane.data[i] = (inBlock(i % W, Math.floor(i / W)) ? 200 : 40) + ((i * (p + 3)) % 50))));
  const sbs = renderStereoFrame({ frame, depth, format: 'sbs-full', params: PARAMS });
  const ours = renderStereoFrame({ frame, depth, format: 'anaglyph-dubois', params: PARAMS });
  const result = spawnSync(
    ffmpegPath(),
    ['-hide_banner', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'gbrp', '-s', `${2 * W}x${H}`, '-i', '-', '-vf', 'stereo3d=sbsl:arcd', '-f', 'rawvideo', '-pix_fmt', 'gbrp', '-'],
    { input: Buffer.from(sbs.planes[0].data.buffer) },
  );
  assert.equal(result.status, 0, result.stderr?.toString());
  const theirs = result.stdout;
  assert.equal(theirs.length, 3 * W * H);
  ours.planes.forEach((plane, p) => plane.data.forEach((v, i) => assert.ok(Math.abs(v - theirs[p * W * H + i]!) <= 1, `plane ${p} pixel ${i}`)));
});

test('every layout renders odd and tiny sizes, writing every output pixel', () => {
  const scratch = createRenderScratch();
  for (const [width, height] of [[853, 480], [1, 1], [3, 2]] as const) {
    for (const format of OUTPUT_FORMATS) {
      const pixelFormat = pixelFormatFor(format);
      const frame = allocateFrame({ format: pixelFormat, width, height });
      frame.planes.forEach((plane, p) => plane.data.fill(50 + 40 * p));
      const map: DepthMap = { data: Float32Array.from({ length: 12 }, (_, i) => i / 11), width: 4, height: 3 };
      const size = layoutSize({ format, width, height });
      const out = allocateFrame({ format: pixelFormat, width: size.width, height: size.height });
      for (const plane of out.planes) plane.data.fill(1);
      const result = renderStereoFrame({ frame, depth: map, format, params: DEFAULT_STEREO_PARAMS, scratch, out });
      assert.equal(result, out);
      for (const plane of result.planes) assert.ok(!plane.data.includes(1), `${format} ${width}x${height}`);
      // A flat frame stays flat whatever the depth; anaglyphs mix the planes, packed layouts do not.
      if (pixelFormat === 'yuv420p') result.planes.forEach((plane, p) => assert.ok(plane.data.every((v) => v === 50 + 40 * p), `${format} ${width}x${height} plane ${p}`));
    }
  }
});

test('anaglyphs refuse yuv420p frames', () => {
  assert.throws(() => renderStereoFrame({ frame: sceneFrame('yuv420p'), depth, format: 'anaglyph-dubois', params: PARAMS }));
});

test('full layouts draw the eyes straight into the output: the same frame as composing warped eye frames', () => {
  const lowRes: DepthMap = { width: 25, height: 5, data: Float32Array.from({ length: 125 }, (_, i) => ((i * 37) % 11) / 10) };
  for (const params of [PARAMS, { ...PARAMS, symmetric: false }, { ...PARAMS, edgeDilation: 3 }]) {
    for (const format of ['sbs-full', 'cross', 'tb-full'] as const) {
      const frame = sceneFrame('yuv420p');
      const direct = renderStereoFrame({ frame, depth: lowRes, format, params });
      const { left, right } = synthesizeViews({ frame, depth: lowRes, params });
      const composed = composeLayout({ format, left, right });
      assert.deepEqual(direct.planes.map((p) => [...p.data]), composed.planes.map((p) => [...p.data]), `${format} symmetric=${params.symmetric}`);
    }
  }
  // Odd sizes (a chroma pixel straddles the eyes) fall back to composing.
  const odd = allocateFrame({ format: 'yuv420p', width: 7, height: 5 });
  assert.equal(eyeLayout({ format: 'sbs-full', eye: { width: 7, height: 5 }, out: allocateFrame({ format: 'yuv420p', width: 14, height: 5 }) }), undefined);
  assert.ok(eyeLayout({ format: 'tb-full', eye: { width: 7, height: 4 }, out: allocateFrame({ format: 'yuv420p', width: 7, height: 8 }) }));
  assert.equal(renderStereoFrame({ frame: odd, depth: lowRes, format: 'sbs-full', params: PARAMS }).width, 14);
});
