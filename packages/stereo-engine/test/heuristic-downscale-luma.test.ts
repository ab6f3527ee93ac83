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
      const out = downscaleLuma({ luma, ...size, maxRows: Infinity });
      const ref = referenceDownscale(luma, size.width, size.height);
      assert.equal(out.data.length, ref.length);
      for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(out.data[i]! - ref[i]!) < 1e-3, `${w}x${h} pixel ${i}: ${out.data[i]} vs ${ref[i]}`);
    }
  });

  it('keeps 255s exact over tall boxes (no lane overflow in the word-wise sums)', () => {
    const luma: Plane = { data: new Uint8Array(1920 * 1080).fill(255), width: 1920, height: 1080 };
    const out = downscaleLuma({ luma, width: 192, height: 4, maxRows: Infinity });
    assert.ok(out.data.every((v) => v === 255));
  });

  it('reads at most maxRows evenly spread rows of each band: exact on content constant along columns, close to the full box on noise', () => {
    // 1080 rows into 108: bands of 10 rows, 4 read. A horizontal ramp does not depend on the row.
    const ramp: Plane = { data: Uint8Array.from({ length: 1920 * 1080 }, (_, i) => (i % 1920) >> 3), width: 1920, height: 1080 };
    const sampled = downscaleLuma({ luma: ramp, width: 192, height: 108 });
    const full = referenceDownscale(ramp, 192, 108);
    for (let i = 0; i < full.length; i++) assert.ok(Math.abs(sampled.data[i]! - full[i]!) < 1e-3);
    // Rows 1, 3, 6, 8 of each band (the middles of four equal shares): a plane that is 200 there and 0 elsewhere reads 200.
    const rows: Plane = { data: new Uint8Array(16 * 10), width: 16, height: 10 };
    for (const y of [1, 3, 6, 8]) rows.data.fill(200, y * 16, (y + 1) * 16);
    assert.ok(downscaleLuma({ luma: rows, width: 4, height: 1 }).data.every((v) => v === 200));
    // On noise the sampled mean stays near the full box mean (both near 127.5; the box holds 40 of 100 pixels).
    const noise = randomPlane(1920, 1080, 7);
    const a = downscaleLuma({ luma: noise, width: 192, height: 108 }).data;
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(Math.abs(mean - 127.5) < 1);
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
