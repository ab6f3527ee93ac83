import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureEdgeBlur } from '../src/depth/heuristic/defocus-edges.js';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf, |error| < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * A straight step edge 60 → 160 through the centre at `angle`, Gaussian-blurred by `sigma`, as a camera samples
 * it: the pixel's area adds a one-pixel box (variance 1/12) to the blur.
 */
function blurredStep({ sigma, angle, offset = 0, size = 64 }: { sigma: number; angle: number; offset?: number; size?: number }): FloatImage {
  const data = new Float32Array(size * size);
  const spread = Math.sqrt(sigma * sigma + 1 / 12);
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = (x + 0.5 - size / 2 - offset) * c + (y + 0.5 - size / 2) * s;
      data[y * size + x] = 60 + 100 * normalCdf(d / spread);
    }
  }
  return { data, width: size, height: size };
}

function edgeBlurs(image: FloatImage): number[] {
  const edges = measureEdgeBlur({ image, maxBlur: 4 });
  return Array.from(edges.indices.subarray(0, edges.count), (i) => edges.blur.data[i]!).sort((a, b) => a - b);
}

const median = (values: number[]) => values[values.length >> 1]!;

describe('measureEdgeBlur', () => {
  it('recovers the blur of a step edge, at any angle and sub-pixel position', () => {
    for (const angle of [0, 0.3, Math.PI / 4, 1.2]) {
      for (const offset of [0, 0.5]) {
        for (const sigma of [1, 1.5, 2, 3]) {
          const blurs = edgeBlurs(blurredStep({ sigma, angle, offset }));
          assert.ok(blurs.length >= 40, `angle ${angle} σ ${sigma}: ${blurs.length} edge pixels`);
          assert.ok(Math.abs(median(blurs) - sigma) < 0.15 * sigma, `angle ${angle} offset ${offset} σ ${sigma}: measured ${median(blurs)}`);
        }
        // A sharp edge reads as sharp, within what sampling allows: a step through a pixel's centre is split
        // between two forward differences and reads as σ ≈ 0.75, one between pixels as ≈ 0.3.
        assert.ok(median(edgeBlurs(blurredStep({ sigma: 0, angle, offset }))) < 0.8, `angle ${angle} offset ${offset}: sharp edge`);
      }
    }
  });

  it('finds each edge once along its length (one edge pixel per row or column crossed)', () => {
    const edges = measureEdgeBlur({ image: blurredStep({ sigma: 1.5, angle: Math.PI / 4 }), maxBlur: 4 });
    // The diagonal crosses 64 rows, less the 2 px margins at each border.
    assert.ok(edges.count >= 55 && edges.count <= 64, `${edges.count}`);
  });

  it('skips a thin line instead of reading it as a blurred edge', () => {
    // A 1-px dark line on grey, next to a sharp step: the re-blur merges the line's two edges, whose ratio would
    // otherwise read as heavy blur.
    const size = 48;
    const data = new Float32Array(size * size).fill(128);
    for (let y = 0; y < size; y++) {
      data[y * size + 20] = 30;
      for (let x = 30; x < size; x++) data[y * size + x] = 200;
    }
    const blurs = edgeBlurs({ data, width: size, height: size });
    assert.ok(blurs.length > 0);
    assert.ok(blurs.every((b) => b < 1), `blurs ${blurs.filter((b) => b >= 1).slice(0, 5)}`);
  });

  it('estimates the noise where the picture is smooth, and keeps noisy blurred edges near their blur', () => {
    let seed = 11;
    const noisy = (image: FloatImage, amplitude: number): FloatImage => ({
      ...image,
      data: image.data.map((v) => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return v + (2 * (seed / 2 ** 32) - 1) * amplitude;
      }),
    });
    const flat: FloatImage = { data: new Float32Array(64 * 64).fill(100), width: 64, height: 64 };
    // Uniform noise of ±6: variance 12 per pixel, a forward-difference gradient's mean square 4 × 12.
    const noise = measureEdgeBlur({ image: noisy(flat, 6), maxBlur: 4 }).noise;
    assert.ok(Math.abs(noise - 48) < 12, `noise ${noise}`);
    assert.equal(measureEdgeBlur({ image: flat, maxBlur: 4 }).noise, 0);
    assert.equal(measureEdgeBlur({ image: flat, maxBlur: 4 }).count, 0);
    const blurs = edgeBlurs(noisy(blurredStep({ sigma: 2, angle: 0.3 }), 3));
    assert.ok(Math.abs(median(blurs) - 2) < 0.4, `noisy σ 2: ${median(blurs)}`);
  });
});
