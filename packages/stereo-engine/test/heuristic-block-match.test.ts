import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockMatch } from '../src/depth/heuristic/block-match.js';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';

/** Smooth random texture (sum of sines with seeded phases), sampled at (x − shiftX, y − shiftY): sub-pixel shifts are exact. */
function texture({ width, height, shiftX = 0, shiftY = 0, seed = 1 }: { width: number; height: number; shiftX?: number; shiftY?: number; seed?: number }): FloatImage {
  const waves = Array.from({ length: 12 }, (_, k) => {
    const a = Math.sin(seed * 12.9898 + k * 78.233) * 43758.5453;
    const r = a - Math.floor(a);
    const angle = r * Math.PI * 2;
    const freq = 0.25 + 0.9 * ((k * 0.618 + r) % 1);
    return { fx: Math.cos(angle) * freq, fy: Math.sin(angle) * freq, phase: r * 10 };
  });
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 128;
      for (const w of waves) v += 9 * Math.sin(w.fx * (x - shiftX) + w.fy * (y - shiftY) + w.phase);
      data[y * width + x] = v;
    }
  }
  return { data, width, height };
}

describe('blockMatch', () => {
  it('recovers an integer shift of a textured image in every interior block', () => {
    const previous = texture({ width: 96, height: 64 });
    const current = texture({ width: 96, height: 64, shiftX: 3, shiftY: -2 });
    const field = blockMatch({ previous, current, blockSize: 8, radius: 4, verticalRadius: 3 });
    assert.equal(field.cols, 12);
    assert.equal(field.rows, 8);
    for (let r = 1; r < field.rows - 1; r++) {
      for (let c = 1; c < field.cols - 1; c++) {
        const b = r * field.cols + c;
        assert.ok(Math.abs(field.dx[b]! - 3) < 0.1, `block ${c},${r}: dx ${field.dx[b]}`);
        assert.ok(Math.abs(field.dy[b]! + 2) < 0.1, `block ${c},${r}: dy ${field.dy[b]}`);
        assert.ok(field.confidence[b]! > 0.5, `confidence ${field.confidence[b]}`);
      }
    }
  });

  it('refines a sub-pixel shift to within a few hundredths of a pixel (median over blocks)', () => {
    const previous = texture({ width: 96, height: 64, seed: 3 });
    const current = texture({ width: 96, height: 64, seed: 3, shiftX: 1.4 });
    const field = blockMatch({ previous, current, blockSize: 8, radius: 4 });
    const errors = [...field.dx].map((dx) => Math.abs(dx - 1.4)).sort((a, b) => a - b);
    assert.ok(errors[errors.length >> 1]! < 0.06, `median error ${errors[errors.length >> 1]}`);
  });

  it('follows a motion beyond the search radius when given its centre', () => {
    const previous = texture({ width: 96, height: 64, seed: 5 });
    const current = texture({ width: 96, height: 64, seed: 5, shiftX: -9 });
    const field = blockMatch({ previous, current, blockSize: 8, radius: 2, center: { dx: -8, dy: 0 } });
    const b = 3 * field.cols + 6;
    assert.ok(Math.abs(field.dx[b]! + 9) < 0.1, `dx ${field.dx[b]}`);
  });

  it('gives flat blocks no confidence', () => {
    const flat = { data: new Float32Array(64 * 32).fill(100), width: 64, height: 32 };
    const field = blockMatch({ previous: flat, current: flat });
    assert.ok(field.confidence.every((c) => c === 0));
  });
});
