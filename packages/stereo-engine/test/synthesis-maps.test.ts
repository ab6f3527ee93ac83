import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_STEREO_PARAMS } from '../src/stereo-params.ts';
import { dilateDepth, disparityFromDepth, RowDisparity, type FloatMap } from '../src/synthesis/index.ts';

const map = (width: number, height: number, values: number[]): FloatMap => ({ data: Float32Array.from(values), width, height });

/** The disparity the warp sees at every pixel of a `width`×`height` plane (RowDisparity, row by row). */
function resampleMap({ source, width, height }: { source: FloatMap; width: number; height: number }): FloatMap {
  const row = new RowDisparity();
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    row.load({ map: source, y, width, height });
    for (let x = 0; x < width; x++) data[y * width + x] = row.at(x);
  }
  return { data, width, height };
}
const close = (actual: ArrayLike<number>, expected: number[], tolerance = 1e-4) => {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `[${i}] ${actual[i]} ≠ ${expected[i]}`);
};

test('disparity spans divergence % of the width between farthest and nearest, zero at the convergence plane', () => {
  const depth = map(3, 1, [0, 0.5, 1]);
  const d = disparityFromDepth({ depth, frameWidth: 1920, params: { divergence: 2, convergence: 0.5, foregroundScale: 1 } });
  close(d.data, [-19.2, 0, 19.2]);
  assert.ok(Math.abs(d.data[2]! - d.data[0]! - 0.02 * 1920) < 1e-3);
});

test('convergence moves the zero-disparity depth; nearer than it is positive (crossed)', () => {
  const depth = map(5, 1, [0, 0.25, 0.5, 0.75, 1]);
  for (const convergence of [0, 0.25, 1]) {
    const d = disparityFromDepth({ depth, frameWidth: 100, params: { divergence: 10, convergence, foregroundScale: 1 } });
    close(d.data, [0, 0.25, 0.5, 0.75, 1].map((z) => 10 * (z - convergence)));
    const zero = [0, 0.25, 0.5, 0.75, 1].indexOf(convergence);
    assert.equal(d.data[zero], 0);
  }
});

test('foregroundScale scales only what is nearer than the convergence plane', () => {
  const depth = map(5, 1, [0, 0.25, 0.5, 0.75, 1]);
  const d = disparityFromDepth({ depth, frameWidth: 100, params: { divergence: 10, convergence: 0.5, foregroundScale: 2 } });
  close(d.data, [-5, -2.5, 0, 5, 10]);
});

test('disparity reuses an output map of the right size', () => {
  const depth = map(2, 1, [0, 1]);
  const out = map(2, 1, [9, 9]);
  assert.equal(disparityFromDepth({ depth, frameWidth: 10, params: DEFAULT_STEREO_PARAMS, out }), out);
  close(out.data, [-0.1, 0.1]);
});

test('dilation grows near regions sideways by the radius converted to depth pixels (rounded up)', () => {
  const depth = map(12, 2, [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0.2, 0.2, 0.2, 0.5, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.9]);
  // 12 depth pixels for a 48-pixel frame: 8 frame pixels = 2 depth pixels.
  const wide = dilateDepth({ depth, radius: 8, frameWidth: 48 });
  close(wide.data, [0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.2, 0.2, 0.2, 0.9, 0.9, 0.9]);
  // 1 frame pixel is a quarter depth pixel: still one depth pixel.
  const narrow = dilateDepth({ depth, radius: 1, frameWidth: 48 });
  close(narrow.data.subarray(0, 12), [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
  // Radius 0 is a copy (and row 1 above never took row 0's 1: only horizontal neighbours count).
  const off = dilateDepth({ depth, radius: 0, frameWidth: 48 });
  close(off.data, Array.from(depth.data));
  assert.throws(() => dilateDepth({ depth, radius: 2, frameWidth: 48, out: depth }));
});

test('dilation is a running maximum for any radius (compared with a brute-force one)', () => {
  const width = 37;
  const values = Array.from({ length: width * 3 }, (_, i) => ((i * 7919) % 101) / 100);
  const depth = map(width, 3, values);
  for (const r of [1, 2, 5, 40]) {
    const got = dilateDepth({ depth, radius: r, frameWidth: width });
    const expected = values.map((_, i) => {
      const y = Math.floor(i / width);
      const x = i % width;
      let max = -Infinity;
      for (let k = Math.max(0, x - r); k <= Math.min(width - 1, x + r); k++) max = Math.max(max, values[y * width + k]!);
      return max;
    });
    close(got.data, expected);
  }
});

test('the warp\'s disparity is bilinear: pixel centres aligned, clamped at the edges', () => {
  const source = map(2, 1, [0, 1]);
  const up = resampleMap({ source, width: 4, height: 1 });
  close(up.data, [0, 0.25, 0.75, 1]);
  const tall = resampleMap({ source, width: 4, height: 3 });
  close(tall.data, [0, 0.25, 0.75, 1, 0, 0.25, 0.75, 1, 0, 0.25, 0.75, 1]);
  const square = map(2, 2, [0, 1, 2, 3]);
  const grown = resampleMap({ source: square, width: 4, height: 4 });
  // Row y = 1 lies a quarter of the way from source row 0 to row 1.
  close(grown.data.subarray(4, 8), [0.5, 0.75, 1.25, 1.5]);
  const down = resampleMap({ source: map(4, 1, [0, 1, 2, 3]), width: 2, height: 1 });
  close(down.data, [0.5, 2.5]);
});

test('the warp\'s disparity handles 1-pixel maps, odd chroma sizes and same-size maps', () => {
  close(resampleMap({ source: map(1, 1, [0.7]), width: 3, height: 2 }).data, [0.7, 0.7, 0.7, 0.7, 0.7, 0.7]);
  close(resampleMap({ source: map(3, 1, [0, 1, 2]), width: 1, height: 1 }).data, [1]);
  const same = map(2, 2, [1, 2, 3, 4]);
  close(resampleMap({ source: same, width: 2, height: 2 }).data, [1, 2, 3, 4]);
  const chroma = resampleMap({ source: map(4, 2, [0, 1, 2, 3, 0, 1, 2, 3]), width: 427, height: 240 });
  assert.equal(chroma.data.length, 427 * 240);
  assert.ok(chroma.data.every((v) => v >= 0 && v <= 3));
});

test('knots: the disparity is linear between two consecutive knots, and they cover the row from end to end', () => {
  const source = map(7, 1, [0, 3, -2, 5, 5, 1, 0]);
  for (const width of [7, 20, 64, 71]) {
    const row = new RowDisparity();
    row.load({ map: source, y: 0, width, height: 1 });
    assert.equal(row.knots[0], 0);
    assert.equal(row.knots[row.count - 1], width - 1);
    for (let j = 0; j + 1 < row.count; j++) {
      const [x0, x1] = [row.knots[j]!, row.knots[j + 1]!];
      assert.ok(x1 > x0);
      assert.ok(Math.abs(row.z[j]! - row.at(x0)) < 1e-6);
      for (let x = x0; x <= x1; x++) {
        const linear = row.z[j]! + ((row.z[j + 1]! - row.z[j]!) * (x - x0)) / (x1 - x0);
        // Pixel pairs that straddle a map column are their own piece, so every piece is exactly linear.
        if (x1 - x0 > 1) assert.ok(Math.abs(row.at(x) - linear) < 1e-4, `width ${width}, x ${x}`);
      }
    }
  }
});
