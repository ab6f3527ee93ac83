import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { depthAsDisparity, ellipseKernel, footageScores, gaussianBlur, nanPercentiles, open, rankScores, squareKernel, summarizeRanks } from '../src/real-bench/index.js';

const W = 80;
const H = 60;

/** A truth disparity (px) with depth in both directions and some unknown pixels: 20 px at the top left to ~100 at the bottom right. */
function truthMap(): Float32Array {
  const t = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) t[y * W + x] = 20 + y + 0.5 * x;
  for (let i = 0; i < t.length; i += 17) t[i] = Number.NaN;
  return t;
}

const map = (f: (v: number, i: number) => number) => Float32Array.from(truthMap(), f);

describe('rankScores', () => {
  it('scores the truth itself 1 and skips unknown truth', () => {
    const truth = truthMap();
    const s = rankScores({ estimate: truth, truth, seed: 1 });
    assert.equal(s.ordinal, 1);
    assert.ok(Math.abs(s.spearman! - 1) < 1e-9);
    assert.ok(Math.abs(s.valid - (1 - Math.ceil((W * H) / 17) / (W * H))) < 1e-9);
  });

  it('scores the truth inverted ~0', () => {
    const s = rankScores({ estimate: map((v) => 200 - v), truth: truthMap(), seed: 2 });
    assert.equal(s.ordinal, 0);
    assert.ok(Math.abs(s.spearman! + 1) < 1e-9);
  });

  it('scores a constant map ½ (every pair a tie) with no rank correlation', () => {
    const s = rankScores({ estimate: map(() => 3), truth: truthMap(), seed: 3 });
    assert.equal(s.ordinal, 0.5);
    assert.equal(s.spearman, null);
  });

  it('counts differences under 0.25 px as ties: the truth ÷ 1000 scores ½', () => {
    assert.equal(rankScores({ estimate: map((v) => v / 1000), truth: truthMap(), seed: 4 }).ordinal, 0.5);
  });

  it('ramp self-check: "lower row = nearer" read as disparity at 3 % orders a truth that grows down the picture', () => {
    const ramp = new Float32Array(W * H);
    for (let y = 0; y < H; y++) ramp.fill(y / (H - 1), y * W, (y + 1) * W);
    // Read as the disparity of a 1000-px-wide frame (30 px for the bottom row), so that rows 10 % of the picture
    // apart differ by more than the 0.25-px tie.
    const estimate = depthAsDisparity({ depth: ramp, width: 1000 });
    assert.ok(Math.abs(estimate[(H - 1) * W]! - 30) < 1e-5);
    const down = new Float32Array(W * H);
    for (let y = 0; y < H; y++) down.fill(10 * y, y * W, (y + 1) * W);
    assert.equal(rankScores({ estimate, truth: down, seed: 5 }).ordinal, 1);
    assert.equal(rankScores({ estimate, truth: down.map((v) => -v), seed: 5 }).ordinal, 0);
    // On a truth with sideways depth too, it is right about the rows only: between the two.
    const mixed = rankScores({ estimate, truth: truthMap(), seed: 5 }).ordinal!;
    assert.ok(mixed > 0.6 && mixed < 1, `ordinal ${mixed}`);
  });

  it('draws the same pixels for the same seed', () => {
    const estimate = map((v, i) => v + ((i * 7919) % 13));
    assert.deepEqual(rankScores({ estimate, truth: truthMap(), seed: 9 }), rankScores({ estimate, truth: truthMap(), seed: 9 }));
  });

  it('gives nothing for fewer than 1000 valid pixels', () => {
    assert.deepEqual(rankScores({ estimate: new Float32Array(900), truth: new Float32Array(900), seed: 1 }), { spearman: null, ordinal: null, valid: 1 });
  });

  it('summarizes frames by their medians and the worst ordinal', () => {
    const s = summarizeRanks([
      { ordinal: 0.8, spearman: 0.6, valid: 1 },
      { ordinal: 0.7, spearman: 0.5, valid: 1 },
      { ordinal: null, spearman: null, valid: 0 },
      { ordinal: 0.9, spearman: 0.7, valid: 1 },
    ]);
    assert.deepEqual(s, { scored: 3, ordinal: 0.8, ordinalWorst: 0.7, spearman: 0.6 });
  });
});

describe('real-bench image helpers (values from OpenCV 4.6 and numpy)', () => {
  it('percentiles interpolate linearly and skip NaN', () => {
    const p = nanPercentiles({ values: [3, 1, Number.NaN, 4, 1, 5, 9, 2, 6], percents: [2, 50, 98] });
    assert.deepEqual(p.map((v) => Number(v.toFixed(6))), [1, 3.5, 8.58]);
  });

  it('ellipse kernels match getStructuringElement(MORPH_ELLIPSE)', () => {
    assert.deepEqual(Array.from(ellipseKernel(5).data), [0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0]);
    const k = ellipseKernel(15);
    const rows = Array.from({ length: 15 }, (_, y) => k.data.subarray(y * 15, (y + 1) * 15).reduce((a, b) => a + b, 0));
    assert.deepEqual(rows, [1, 9, 11, 13, 13, 15, 15, 15, 15, 15, 13, 13, 11, 9, 1]);
  });

  it('opening keeps blocks touching the border and drops specks', () => {
    const data = new Uint8Array(6 * 8);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) data[y * 8 + x] = 1;
    data[4 * 8 + 6] = 1;
    const opened = open({ mask: { data, width: 8, height: 6 }, kernel: squareKernel(3) }).data;
    const expected = new Uint8Array(6 * 8);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) expected[y * 8 + x] = 1;
    assert.deepEqual(opened, expected);
  });

  it('Gaussian blur matches cv2.GaussianBlur (5×5 with sigma 0, and sigma 1.5)', () => {
    const rows = (row: number[]) => Uint8Array.from([...row, ...row, ...row]);
    const step = [0, 0, 0, 255, 255, 255, 255];
    assert.deepEqual(Array.from(gaussianBlur({ data: rows(step), width: 7, height: 3, sigma: 0, size: 5 }).subarray(0, 7)), [0, 16, 80, 175, 239, 255, 255]);
    const bar = [0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0];
    const blurred = Array.from(gaussianBlur({ data: rows(bar), width: 13, height: 3, sigma: 1.5 }).subarray(0, 13));
    const opencv = [22, 41, 94, 159, 205, 205, 159, 94, 39, 11, 2, 0, 0];
    // OpenCV's fixed-point 8-bit path may round the other way.
    blurred.forEach((v, i) => assert.ok(Math.abs(v - opencv[i]!) <= 1, `pixel ${i}: ${v} vs ${opencv[i]}`));
  });
});

describe('footageScores', () => {
  const fw = 64;
  const fh = 48;
  /** A flat background (grey 100, disparity 5 px) and, when `blob` is set, a bright 10×10 square moving right 5 px a frame with disparity `blob`. */
  function footage({ frames, blob }: { frames: number; blob?: number }): { disparity: Float32Array[]; sources: Uint8Array[] } {
    const disparity: Float32Array[] = [];
    const sources: Uint8Array[] = [];
    for (let k = 0; k < frames; k++) {
      const s = new Uint8Array(fw * fh).fill(100);
      // Some still depth, so that the disparity has a span.
      const d = Float32Array.from({ length: fw * fh }, (_, i) => 5 + (Math.floor(i / fw) % 4) * 0.1);
      if (blob !== undefined) {
        for (let y = 20; y < 30; y++) {
          for (let x = 5 + 5 * k; x < 15 + 5 * k; x++) {
            s[y * fw + x] = 200;
            d[y * fw + x] = blob;
          }
        }
      }
      disparity.push(d);
      sources.push(s);
    }
    return { disparity, sources };
  }

  it('finds no flicker in a constant sequence', () => {
    const f = footageScores({ ...footage({ frames: 8 }), width: fw, height: fh });
    assert.equal(f.flicker, 0);
    assert.equal(f.staticFrac, 1);
    assert.equal(f.moverBlobs, 0);
    assert.equal(f.moversAhead, null);
  });

  it('scores a moving blob placed ahead of its surroundings 1, behind them 0, level with them ½', () => {
    const ahead = footageScores({ ...footage({ frames: 10, blob: 10 }), width: fw, height: fh });
    assert.equal(ahead.moverBlobs, 10);
    assert.equal(ahead.moversAhead, 1);
    assert.equal(footageScores({ ...footage({ frames: 10, blob: 1 }), width: fw, height: fh }).moversAhead, 0);
    assert.equal(footageScores({ ...footage({ frames: 10, blob: 5.1 }), width: fw, height: fh }).moversAhead, 0.5);
  });

  it('measures flicker on still pixels only, relative to the span', () => {
    const { disparity, sources } = footage({ frames: 6 });
    // Every still pixel alternates by ±0.5 px around its value: std-dev 0.5.
    disparity.forEach((d, k) => d.forEach((v, i) => (d[i] = v + (k % 2 ? 0.5 : -0.5))));
    const f = footageScores({ disparity, sources, width: fw, height: fh });
    assert.ok(Math.abs(f.flicker! * f.spanPx - 0.5) < 1e-4, `flicker ${f.flicker} span ${f.spanPx}`);
  });
});
