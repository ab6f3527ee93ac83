import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxMean } from '../src/depth/heuristic/box-mean.js';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';

/** The plain mean over each clipped window. */
function reference(input: FloatImage, r: number): number[] {
  const { width, height, data } = input;
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let count = 0;
      for (let v = Math.max(0, y - r); v <= Math.min(height - 1, y + r); v++) {
        for (let u = Math.max(0, x - r); u <= Math.min(width - 1, x + r); u++) {
          sum += data[v * width + u]!;
          count++;
        }
      }
      out.push(sum / count);
    }
  }
  return out;
}

describe('boxMean', () => {
  it('equals the mean over each window clipped at the border, for images narrower or shorter than the window too', () => {
    let seed = 3;
    for (const [width, height, radius] of [[20, 12, 1], [20, 12, 4], [7, 30, 4], [3, 3, 5], [1, 9, 2], [64, 1, 3], [16, 16, 0]] as const) {
      const data = Float32Array.from({ length: width * height }, () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 24) as number;
      });
      const input = { data, width, height };
      const out = boxMean({ input, radius });
      const ref = reference(input, radius);
      for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(out.data[i]! - ref[i]!) < 1e-3, `${width}x${height} r${radius} pixel ${i}: ${out.data[i]} vs ${ref[i]}`);
      // Reused output and scratch give the same result.
      const again = boxMean({ input, radius, out: { data: new Float32Array(width * height).fill(9), width, height }, scratch: { data: new Float32Array(width * height).fill(9), width, height } });
      assert.deepEqual(again.data, out.data);
    }
  });
});
