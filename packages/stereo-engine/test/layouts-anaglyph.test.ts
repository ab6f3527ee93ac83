import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ffmpegPath } from '@stereo-spot/ffmpeg';
import type { Frame } from '../src/frame.ts';
import { ANAGLYPH_MATRICES, composeAnaglyph, type AnaglyphFormat } from '../src/layouts/index.ts';
import { allocateFrame } from '../src/synthesis/index.ts';

/** ffmpeg's stereo3d output code for each of our anaglyphs. */
const FFMPEG_CODES: Record<AnaglyphFormat, string> = {
  'anaglyph-dubois': 'arcd',
  'anaglyph-color': 'arcc',
  'anaglyph-gray': 'arcg',
  'anaglyph-halfcolor': 'arch',
};
const FORMATS = Object.keys(ANAGLYPH_MATRICES) as AnaglyphFormat[];

function ffmpeg(args: string[], input?: Uint8Array): Buffer {
  const result = spawnSync(ffmpegPath(), ['-hide_banner', '-v', 'error', ...args], { input, maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${result.stderr?.toString()}`);
  return result.stdout;
}

/** ffmpeg's stereo3d anaglyph of left|right stacked side by side as one raw gbrp frame, returned as gbrp. */
function ffmpegAnaglyph(format: AnaglyphFormat, left: Frame, right: Frame): Buffer {
  const { width, height } = left;
  const stacked = new Uint8Array(2 * width * height * 3);
  for (let p = 0; p < 3; p++) {
    const base = p * 2 * width * height;
    for (let y = 0; y < height; y++) {
      stacked.set(left.planes[p]!.data.subarray(y * width, (y + 1) * width), base + y * 2 * width);
      stacked.set(right.planes[p]!.data.subarray(y * width, (y + 1) * width), base + y * 2 * width + width);
    }
  }
  return ffmpeg(['-f', 'rawvideo', '-pix_fmt', 'gbrp', '-s', `${2 * width}x${height}`, '-i', '-', '-vf', `stereo3d=sbsl:${FFMPEG_CODES[format]}`, '-f', 'rawvideo', '-pix_fmt', 'gbrp', '-'], stacked);
}

function assertMatchesFfmpeg(format: AnaglyphFormat, left: Frame, right: Frame, label: string): void {
  const ours = composeAnaglyph({ format, left, right });
  const theirs = ffmpegAnaglyph(format, left, right);
  const n = left.width * left.height;
  assert.equal(theirs.length, 3 * n, `${label}: ffmpeg output size`);
  let worst = 0;
  for (let p = 0; p < 3; p++) {
    const plane = ours.planes[p]!.data;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(plane[i]! - theirs[p * n + i]!));
  }
  assert.ok(worst <= 1, `${format} ${label}: differs from ffmpeg by up to ${worst}`);
}

function randomFrame(width: number, height: number, seed: number, saturated = false): Frame {
  const frame = allocateFrame({ format: 'gbrp', width, height });
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) >>> 8;
  for (const plane of frame.planes) for (let i = 0; i < plane.data.length; i++) plane.data[i] = saturated ? (next() & 1) * 255 : next() & 255;
  return frame;
}

test('every anaglyph matches ffmpeg stereo3d (arcd, arcc, arcg, arch) on random, saturated and odd-size frames', () => {
  const pairs: [string, Frame, Frame][] = [
    ['random 64x32', randomFrame(64, 32, 1), randomFrame(64, 32, 2)],
    ['saturated 48x8 (clamping)', randomFrame(48, 8, 3, true), randomFrame(48, 8, 4, true)],
    ['odd 853x17', randomFrame(853, 17, 5), randomFrame(853, 17, 6)],
    ['1x1', randomFrame(1, 1, 7), randomFrame(1, 1, 8)],
  ];
  for (const format of FORMATS) for (const [label, left, right] of pairs) assertMatchesFfmpeg(format, left, right, label);
});

test('every anaglyph matches ffmpeg stereo3d on two testsrc2 frames', () => {
  const width = 320;
  const height = 180;
  const raw = ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=25`, '-vf', 'select=eq(n\\,0)+eq(n\\,13)', '-fps_mode', 'passthrough', '-frames:v', '2', '-f', 'rawvideo', '-pix_fmt', 'gbrp', '-']);
  const size = width * height * 3;
  assert.equal(raw.length, 2 * size);
  const toFrame = (bytes: Uint8Array) => {
    const frame = allocateFrame({ format: 'gbrp', width, height });
    frame.planes.forEach((plane, p) => plane.data.set(bytes.subarray(p * width * height, (p + 1) * width * height)));
    return frame;
  };
  const left = toFrame(raw.subarray(0, size));
  const right = toFrame(raw.subarray(size, 2 * size));
  assert.notDeepEqual(left.planes[0].data, right.planes[0].data);
  for (const format of FORMATS) assertMatchesFfmpeg(format, left, right, 'testsrc2');
});

test('red/cyan: the left eye drives red, the right eye green and blue', () => {
  const black = allocateFrame({ format: 'gbrp', width: 2, height: 1 });
  const white = allocateFrame({ format: 'gbrp', width: 2, height: 1 });
  for (const plane of white.planes) plane.data.fill(255);
  for (const format of FORMATS) {
    const leftOnly = composeAnaglyph({ format, left: white, right: black });
    const rightOnly = composeAnaglyph({ format, left: black, right: white });
    // gbrp planes: [G, B, R]
    assert.ok(leftOnly.planes[2].data[0]! > 200 && leftOnly.planes[0].data[0]! < 10 && leftOnly.planes[1].data[0]! < 10, format);
    assert.ok(rightOnly.planes[2].data[0]! < 10 && rightOnly.planes[0].data[0]! > 200 && rightOnly.planes[1].data[0]! > 200, format);
  }
});
