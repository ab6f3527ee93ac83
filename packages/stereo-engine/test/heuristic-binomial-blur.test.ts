import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BINOMIAL_BLUR_SIGMA, binomialBlur } from '../src/depth/heuristic/binomial-blur.js';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';

const KERNEL = [1, 4, 6, 4, 1].map((v) => v / 16);

/** The plain 2-D convolution with the 5×5 binomial kernel, borders replicated. */
function reference(input: FloatImage): number[] {
  const { width, height, data } = input;
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let j = -2; j <= 2; j++) for (let i = -2; i <= 2; i++) sum += KERNEL[j + 2]! * KERNEL[i + 2]! * data[clamp(y + j, height) * width + clamp(x + i, width)]!;
      out.push(sum);
    }
  }
  return out;
}

describe('binomialBlur', () => {
  it('equals the 5×5 binomial convolution with replicated borders, for images narrower or shorter than the kernel too', () => {
    let seed = 5;
    for (const [width, height] of [[20, 12], [7, 30], [5, 5], [4, 3], [1, 9], [64, 1], [2, 2]] as const) {
      const data = Float32Array.from({ length: width * height }, () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 24) as number;
      });
      const input = { data, width, height };
      const out = binomialBlur({ input });
      const ref = reference(input);
      for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(out.data[i]! - ref[i]!) < 1e-3, `${width}x${height} pixel ${i}: ${out.data[i]} vs ${ref[i]}`);
      // Reused output and scratch give the same result.
      const again = binomialBlur({ input, out: { data: new Float32Array(width * height).fill(9), width, height }, scratch: { data: new Float32Array(width * height).fill(9), width, height } });
      assert.deepEqual(again.data, out.data);
    }
  });

  it('blurs by σ = 1 exactly: an impulse spreads with variance 1 in each direction', () => {
    const width = 15;
    const height = 15;
    const data = new Float32Array(width * height);
    data[7 * width + 7] = 1;
    const out = binomialBlur({ input: { data, width, height } }).data;
    let sum = 0;
    let varianceX = 0;
    let varianceY = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = out[y * width + x]!;
        sum += v;
        varianceX += v * (x - 7) ** 2;
        varianceY += v * (y - 7) ** 2;
      }
    }
    assert.ok(Math.abs(sum - 1) < 1e-6);
    assert.ok(Math.abs(varianceX - BINOMIAL_BLUR_SIGMA ** 2) < 1e-6 && Math.abs(varianceY - BINOMIAL_BLUR_SIGMA ** 2) < 1e-6, `${varianceX} ${varianceY}`);
  });
});
