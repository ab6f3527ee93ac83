import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Plane } from '../src/frame.js';
import { downscaleLuma, workingSize } from '../src/depth/heuristic/downscale-luma.js';

/** Reference box filter: the plain average of each output pixel's source box. */
function referenceDownscale(luma: Plane, width: number, height: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const y0 = Math.floor((i * luma.height) / height);
      const y1 = Math.floor(((i + 1) * luma.height) / height);
      const x0 = Math.floor((j * luma.width) / width);
      const x1 = Math.floor(((j + 1) * luma.width) / width);
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += luma.data[y * luma.width + x]!;
      out.push(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return out;
}

function randomPlane(width: number, height: number, seed: number): Plane {
  const data = new Uint8Array(width * height);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return { data, width, height };
}

describe('downscaleLuma', () => {
  it('averages exact integer boxes', () => {
    const luma: Plane = { data: new Uint8Array([0, 2, 10, 20, 4, 6, 30, 40]), width: 4, height: 2 };
    const out = downscaleLuma({ luma, width: 2, height: 1 });
    assert.deepEqual([...out.data], [3, 25]);
  });

  it('matches a reference box filter for non-integer ratios, on both the word-wise and the byte-wise path', () => {
    // 640 wide: aligned rows (word-wise sums); 642 wide: rows not a multiple of 4 (byte-wise fallback).
    for (const [w, h] of [[640, 360], [642, 362], [1280, 720]] as const) {
      const luma = randomPlane(w, h, w + h);
      const size = workingSize({ width: w, height: h, targetWidth: 192 });
      const out = downscaleLuma({ luma, ...size });
      const ref = referenceDownscale(luma, size.width, size.height);
      assert.equal(out.data.length, ref.length);
      for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(out.data[i]! - ref[i]!) < 1e-3, `${w}x${h} pixel ${i}: ${out.data[i]} vs ${ref[i]}`);
    }
  });

  it('keeps 255s exact over tall boxes (no lane overflow in the word-wise sums)', () => {
    const luma: Plane = { data: new Uint8Array(1920 * 1080).fill(255), width: 1920, height: 1080 };
    const out = downscaleLuma({ luma, width: 192, height: 4 });
    assert.ok(out.data.every((v) => v === 255));
  });

  it('reads a plane that is a view at an unaligned offset', () => {
    const backing = new Uint8Array(1 + 8 * 4);
    const luma: Plane = { data: backing.subarray(1), width: 8, height: 4 };
    luma.data.fill(7);
    luma.data[0] = 71;
    const out = downscaleLuma({ luma, width: 4, height: 2 });
    assert.equal(out.data[0], (71 + 7 * 3) / 4);
    assert.equal(out.data[1], 7);
  });
});

describe('workingSize', () => {
  it('keeps the aspect ratio and never upscales', () => {
    assert.deepEqual(workingSize({ width: 1920, height: 1080, targetWidth: 192 }), { width: 192, height: 108 });
    assert.deepEqual(workingSize({ width: 100, height: 50, targetWidth: 192 }), { width: 100, height: 50 });
  });
});
