import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OUTPUT_FORMATS, type OutputFormat } from '@stereo-spot/shared-types';
import { planeSizes, type Frame, type PixelFormat, type Plane } from '../src/frame.ts';
import { composeLayout, layoutSize, pixelFormatFor } from '../src/layouts/index.ts';
import { allocateFrame } from '../src/synthesis/index.ts';

const SENTINEL = 1;
const PACKED_FORMATS = OUTPUT_FORMATS.filter((format) => !format.startsWith('anaglyph-'));

function eyeFrame(format: PixelFormat, width: number, height: number, value: (p: number, x: number, y: number) => number): Frame {
  const frame = allocateFrame({ format, width, height });
  frame.planes.forEach((plane, p) => {
    for (let y = 0; y < plane.height; y++) for (let x = 0; x < plane.width; x++) plane.data[y * plane.width + x] = value(p, x, y);
  });
  return frame;
}
function sentinelFrame(format: PixelFormat, width: number, height: number): Frame {
  const frame = allocateFrame({ format, width, height });
  for (const plane of frame.planes) plane.data.fill(SENTINEL);
  return frame;
}
const at = (plane: Plane, x: number, y: number) => plane.data[y * plane.width + x]!;

test('output sizes and pixel formats of every layout', () => {
  const expected: Record<OutputFormat, [number, number, PixelFormat]> = {
    'sbs-full': [2 * 853, 480, 'yuv420p'],
    'sbs-half': [853, 480, 'yuv420p'],
    'tb-full': [853, 960, 'yuv420p'],
    'tb-half': [853, 480, 'yuv420p'],
    cross: [2 * 853, 480, 'yuv420p'],
    'anaglyph-dubois': [853, 480, 'gbrp'],
    'anaglyph-color': [853, 480, 'gbrp'],
    'anaglyph-gray': [853, 480, 'gbrp'],
    'anaglyph-halfcolor': [853, 480, 'gbrp'],
  };
  for (const format of OUTPUT_FORMATS) {
    const [width, height, pixelFormat] = expected[format];
    assert.deepEqual(layoutSize({ format, width: 853, height: 480 }), { width, height }, format);
    assert.equal(pixelFormatFor(format), pixelFormat, format);
  }
});

/** Which eye the layout puts at full-resolution position (x, y) of a W×H input; undefined = none. */
function owner(format: OutputFormat, x: number, y: number, width: number, height: number): 'left' | 'right' {
  switch (format) {
    case 'sbs-full':
      return x < width ? 'left' : 'right';
    case 'cross':
      return x < width ? 'right' : 'left';
    case 'tb-full':
      return y < height ? 'left' : 'right';
    case 'sbs-half':
      return x < Math.ceil(width / 2) ? 'left' : 'right';
    case 'tb-half':
      return y < Math.ceil(height / 2) ? 'left' : 'right';
    default:
      throw new Error(`not a packed layout: ${format}`);
  }
}

test('eye sides: sbs left eye on the left, tb left eye on top, cross right eye on the left; odd sizes, every pixel written', () => {
  const LEFT = [30, 60, 90];
  const RIGHT = [130, 160, 190];
  for (const [width, height] of [[853, 480], [1, 1], [3, 2], [2, 3], [5, 5], [8, 6]] as const) {
    for (const pixelFormat of ['yuv420p', 'gbrp'] as const) {
      const left = eyeFrame(pixelFormat, width, height, (p) => LEFT[p]!);
      const right = eyeFrame(pixelFormat, width, height, (p) => RIGHT[p]!);
      for (const format of PACKED_FORMATS) {
        const size = layoutSize({ format, width, height });
        const out = composeLayout({ format, left, right, out: sentinelFrame(pixelFormat, size.width, size.height) });
        assert.equal(out.format, pixelFormat);
        assert.deepEqual([out.width, out.height], [size.width, size.height]);
        assert.deepEqual(
          out.planes.map((plane) => [plane.width, plane.height]),
          planeSizes({ format: pixelFormat, ...size }).map((plane) => [plane.width, plane.height]),
        );
        out.planes.forEach((plane, p) => {
          // A subsampled pixel belongs to the eye of its first full-resolution pixel.
          const sub = pixelFormat === 'yuv420p' && p > 0 ? 2 : 1;
          for (let y = 0; y < plane.height; y++) {
            for (let x = 0; x < plane.width; x++) {
              const eye = owner(format, x * sub, y * sub, width, height);
              assert.equal(at(plane, x, y), (eye === 'left' ? LEFT : RIGHT)[p], `${format} ${pixelFormat} ${width}x${height} plane ${p} (${x},${y})`);
            }
          }
        });
      }
    }
  }
});

/** Independent reference for one full-resolution plane: full layouts copy, half layouts pair pixels 2i, 2i+1. */
function referencePlane(format: OutputFormat, left: Plane, right: Plane): number[] {
  const { width, height } = left;
  const size = layoutSize({ format, width, height });
  const out: number[] = [];
  const sample = (plane: Plane, x: number, y: number) => at(plane, Math.min(x, width - 1), Math.min(y, height - 1));
  const pair = (plane: Plane, x: number, y: number, axis: 'x' | 'y') =>
    (axis === 'x' ? sample(plane, 2 * x, y) + sample(plane, 2 * x + 1, y) : sample(plane, x, 2 * y) + sample(plane, x, 2 * y + 1)) + 1 >> 1;
  const halfW = Math.ceil(width / 2);
  const halfH = Math.ceil(height / 2);
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++) {
      switch (format) {
        case 'sbs-full':
          out.push(x < width ? at(left, x, y) : at(right, x - width, y));
          break;
        case 'cross':
          out.push(x < width ? at(right, x, y) : at(left, x - width, y));
          break;
        case 'tb-full':
          out.push(y < height ? at(left, x, y) : at(right, x, y - height));
          break;
        case 'sbs-half':
          out.push(x < halfW ? pair(left, x, y, 'x') : pair(right, x - halfW, y, 'x'));
          break;
        case 'tb-half':
          out.push(y < halfH ? pair(left, x, y, 'y') : pair(right, x, y - halfH, 'y'));
          break;
        default:
          throw new Error(format);
      }
    }
  }
  return out;
}

test('textured eyes: full layouts copy, half layouts squeeze with a 2:1 box filter (luma and gbrp planes)', () => {
  for (const [width, height] of [[8, 4], [7, 5], [853, 3], [1, 1]] as const) {
    for (const pixelFormat of ['yuv420p', 'gbrp'] as const) {
      const left = eyeFrame(pixelFormat, width, height, (p, x, y) => (x * 13 + y * 7 + p * 5) % 100);
      const right = eyeFrame(pixelFormat, width, height, (p, x, y) => 120 + ((x * 3 + y * 11 + p) % 100));
      for (const format of PACKED_FORMATS) {
        const out = composeLayout({ format, left, right });
        const planes = pixelFormat === 'gbrp' ? [0, 1, 2] : [0];
        for (const p of planes) {
          assert.deepEqual(Array.from(out.planes[p]!.data), referencePlane(format, left.planes[p]!, right.planes[p]!), `${format} ${pixelFormat} ${width}x${height} plane ${p}`);
        }
      }
    }
  }
});

test('yuv420p chroma follows its luma: even sizes like luma; an odd-width right eye is resampled half a chroma pixel', () => {
  const chromaOf = (frame: Frame) => frame.planes[1];
  // Even: chroma planes are laid out exactly like luma planes of half the size.
  const left = eyeFrame('yuv420p', 8, 4, (p, x, y) => 10 * p + x + 20 * y);
  const right = eyeFrame('yuv420p', 8, 4, (p, x, y) => 100 + 10 * p + x + 20 * y);
  for (const format of PACKED_FORMATS) {
    const out = composeLayout({ format, left, right });
    assert.deepEqual(Array.from(chromaOf(out).data), referencePlane(format, chromaOf(left), chromaOf(right)), format);
  }
  // sbs-full, W = 3: eye chroma is 2 wide, output chroma 3 wide. Column 1 covers luma 2 (left) and 3 (right):
  // the left eye's. Column 2 covers right-eye luma 1..2, i.e. right chroma position 0.5: the average of 0 and 1.
  const l3 = eyeFrame('yuv420p', 3, 2, (p, x) => (p === 0 ? 0 : 40 + x));
  const r3 = eyeFrame('yuv420p', 3, 2, (p, x) => (p === 0 ? 0 : 80 + 10 * x));
  const sbs = composeLayout({ format: 'sbs-full', left: l3, right: r3 });
  assert.deepEqual(Array.from(chromaOf(sbs).data), [40, 41, 85]);
  // sbs-half, W = 6: halves of 3 luma columns; output chroma column 1 straddles them and is the left eye's
  // (box of left chroma 2,3 → clamped to 2); column 2 = output luma 4..5 = squeezed right-eye luma 1..2 =
  // right-eye luma 2..5 = right chroma 1..2, averaged — aligned with its luma although the split is odd.
  const l6 = eyeFrame('yuv420p', 6, 2, (p, x) => (p === 0 ? 0 : 40 + 2 * x));
  const r6 = eyeFrame('yuv420p', 6, 2, (p, x) => (p === 0 ? 0 : 80 + 10 * x));
  const half = composeLayout({ format: 'sbs-half', left: l6, right: r6 });
  assert.deepEqual(Array.from(chromaOf(half).data), [41, 44, 95]);
});

test('anaglyph layouts need gbrp eyes and take red from the left eye, green and blue from the right', () => {
  const left = eyeFrame('gbrp', 5, 3, (p) => [11, 22, 33][p]!); // G, B, R
  const right = eyeFrame('gbrp', 5, 3, (p) => [44, 55, 66][p]!);
  const out = composeLayout({ format: 'anaglyph-color', left, right });
  assert.deepEqual([out.width, out.height, out.format], [5, 3, 'gbrp']);
  assert.ok(out.planes[2].data.every((v) => v === 33), 'red = left red');
  assert.ok(out.planes[0].data.every((v) => v === 44), 'green = right green');
  assert.ok(out.planes[1].data.every((v) => v === 55), 'blue = right blue');
  const yuv = eyeFrame('yuv420p', 5, 3, () => 0);
  assert.throws(() => composeLayout({ format: 'anaglyph-dubois', left: yuv, right: yuv }));
  assert.throws(() => composeLayout({ format: 'sbs-full', left, right: eyeFrame('gbrp', 4, 3, () => 0) }));
});

test('an out frame of the right size is overwritten in place; a wrong one is replaced', () => {
  const left = eyeFrame('yuv420p', 4, 2, () => 9);
  const out = sentinelFrame('yuv420p', 8, 2);
  assert.equal(composeLayout({ format: 'sbs-full', left, right: left, out }), out);
  assert.notEqual(composeLayout({ format: 'tb-full', left, right: left, out }), out);
});
