import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitCameraSimilarity, type CameraSimilarity } from '../src/depth/heuristic/camera-similarity.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Block centres of a 24×14 grid of 8 px blocks, from the image centre (the motion grid of a 192×108 working frame). */
function grid(): { x: Float32Array; y: Float32Array } {
  const cols = 24;
  const rows = 14;
  const x = new Float32Array(cols * rows);
  const y = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      x[r * cols + c] = (c + 0.5) * 8 - (cols * 8) / 2;
      y[r * cols + c] = (r + 0.5) * 8 - (rows * 8) / 2;
    }
  }
  return { x, y };
}

/** The motion a `CameraSimilarity` gives each point. */
function motionOf(camera: CameraSimilarity, x: ArrayLike<number>, y: ArrayLike<number>): { dx: Float32Array; dy: Float32Array } {
  const n = x.length;
  const dx = new Float32Array(n);
  const dy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    dx[i] = camera.tx + camera.s * x[i]! - camera.r * y[i]!;
    dy[i] = camera.ty + camera.s * y[i]! + camera.r * x[i]!;
  }
  return { dx, dy };
}

function assertNear(actual: CameraSimilarity, expected: CameraSimilarity, tolerance: { t: number; sr: number }, label: string): void {
  const text = `${label}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
  assert.ok(Math.abs(actual.tx - expected.tx) < tolerance.t, text);
  assert.ok(Math.abs(actual.ty - expected.ty) < tolerance.t, text);
  assert.ok(Math.abs(actual.s - expected.s) < tolerance.sr, text);
  assert.ok(Math.abs(actual.r - expected.r) < tolerance.sr, text);
}

// Pan, tilt, zoom and roll of a few per mille: at the grid's corners (~100 px out) these move points by up to ~0.5 px.
const CAMERAS: [string, CameraSimilarity][] = [
  ['pan', { tx: 1.7, ty: 0, s: 0, r: 0 }],
  ['tilt', { tx: 0, ty: -0.8, s: 0, r: 0 }],
  ['zoom in', { tx: 0, ty: 0, s: 0.004, r: 0 }],
  ['zoom out', { tx: 0, ty: 0, s: -0.003, r: 0 }],
  ['roll', { tx: 0, ty: 0, s: 0, r: 0.005 }],
  ['all four', { tx: -2.3, ty: 0.6, s: 0.002, r: -0.003 }],
];

describe('fitCameraSimilarity', () => {
  it('recovers pan, tilt, zoom and roll exactly from exact point motions', () => {
    const { x, y } = grid();
    const weights = new Float32Array(x.length).fill(1);
    for (const [name, camera] of CAMERAS) {
      const fitted = fitCameraSimilarity({ x, y, ...motionOf(camera, x, y), weights });
      assertNear(fitted, camera, { t: 1e-3, sr: 1e-5 }, name);
    }
  });

  it('uses the weights: points of weight 0 (however wild) do not count, and negative weights count as 0', () => {
    const { x, y } = grid();
    const camera = { tx: 0.9, ty: -0.4, s: 0.003, r: 0.002 };
    const { dx, dy } = motionOf(camera, x, y);
    const weights = new Float32Array(x.length).fill(0.5);
    const rand = random(7);
    for (let i = 0; i < x.length; i += 3) {
      dx[i] = 50 * (rand() - 0.5);
      dy[i] = 50 * (rand() - 0.5);
      weights[i] = i % 2 ? 0 : -1;
    }
    assertNear(fitCameraSimilarity({ x, y, dx, dy, weights, rounds: 1 }), camera, { t: 1e-3, sr: 1e-5 }, 'weighted');
  });

  it('is robust to 20 % outliers: a compact moving object, or scattered wrong matches', () => {
    const { x, y } = grid();
    const weights = new Float32Array(x.length).fill(1);
    for (const [name, camera] of CAMERAS) {
      // A moving object: a compact block of points off-centre (bottom right), 20 % of them, moving 4 px right and 1 up on its own.
      const object = motionOf(camera, x, y);
      let moving = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i]! > 20 && y[i]! > 0) {
          object.dx[i]! += 4;
          object.dy[i]! -= 1;
          moving++;
        }
      }
      assert.ok(moving > 0.18 * x.length && moving < 0.22 * x.length, `object covers ${moving} of ${x.length}`);
      assertNear(fitCameraSimilarity({ x, y, ...object, weights }), camera, { t: 0.05, sr: 5e-4 }, `${name} + object`);
      // Scattered outliers: every fifth point's motion random within ±5 px.
      const scattered = motionOf(camera, x, y);
      const rand = random(3);
      for (let i = 0; i < x.length; i += 5) {
        scattered.dx[i] = 10 * (rand() - 0.5);
        scattered.dy[i] = 10 * (rand() - 0.5);
      }
      assertNear(fitCameraSimilarity({ x, y, ...scattered, weights }), camera, { t: 0.05, sr: 5e-4 }, `${name} + scattered`);
    }
  });

  it('the robust rounds matter: a single plain least-squares round is pulled by the moving object', () => {
    const { x, y } = grid();
    const camera = { tx: 1, ty: 0, s: 0, r: 0 };
    const { dx, dy } = motionOf(camera, x, y);
    for (let i = 0; i < x.length; i++) if (x[i]! > 20 && y[i]! > 0) dx[i]! += 4;
    const weights = new Float32Array(x.length).fill(1);
    const plain = fitCameraSimilarity({ x, y, dx, dy, weights, rounds: 1 });
    const robust = fitCameraSimilarity({ x, y, dx, dy, weights });
    assert.ok(Math.abs(plain.tx - 1) > 0.3, `plain tx ${plain.tx}`);
    assert.ok(Math.abs(robust.tx - 1) < 0.05, `robust tx ${robust.tx}`);
  });

  it('keeps zoom and roll ≈ 0 where the points do not determine them (all at one spot), and still finds the pan', () => {
    const n = 40;
    const rand = random(11);
    // Every point at the same spot off the centre: only the motion there is determined. Without the damping the
    // system is singular (the fit would give up and return the identity); with it, zoom and roll stay 0.
    const x = new Float32Array(n).fill(30);
    const y = new Float32Array(n).fill(-12);
    const dx = Float32Array.from({ length: n }, () => 1.5 + 0.02 * (rand() - 0.5));
    const dy = Float32Array.from({ length: n }, () => -0.5 + 0.02 * (rand() - 0.5));
    const fitted = fitCameraSimilarity({ x, y, dx, dy, weights: new Float32Array(n).fill(1) });
    assert.ok(Math.abs(fitted.s) < 1e-6 && Math.abs(fitted.r) < 1e-6, JSON.stringify(fitted));
    assert.ok(Math.abs(fitted.tx - 1.5) < 0.01 && Math.abs(fitted.ty + 0.5) < 0.01, JSON.stringify(fitted));
  });

  it('keeps zoom and roll ≈ 0 for a pan seen on points along one line (one row of blocks), with matching noise', () => {
    const n = 24;
    const rand = random(5);
    const x = Float32Array.from({ length: n }, (_, i) => (i + 0.5) * 8 - 96);
    const y = new Float32Array(n).fill(20);
    const dx = Float32Array.from({ length: n }, () => 2 + 0.06 * (rand() - 0.5));
    const dy = Float32Array.from({ length: n }, () => 0.06 * (rand() - 0.5));
    const fitted = fitCameraSimilarity({ x, y, dx, dy, weights: new Float32Array(n).fill(1) });
    // ±0.03 px noise over a ±92 px line: zoom and roll of a few 1e-4 at most.
    assert.ok(Math.abs(fitted.s) < 1e-3 && Math.abs(fitted.r) < 1e-3, JSON.stringify(fitted));
    // The pan at the line (its mean x is 0, y 20): tx − r·20.
    assert.ok(Math.abs(fitted.tx - fitted.r * 20 - 2) < 0.02, JSON.stringify(fitted));
  });

  it('returns the identity with fewer than three weighted points', () => {
    const x = [-10, 0, 10, 20];
    const y = [5, -5, 5, -5];
    const dx = [3, 3, 3, 3];
    const dy = [1, 1, 1, 1];
    const identity = { tx: 0, ty: 0, s: 0, r: 0 };
    assert.deepEqual(fitCameraSimilarity({ x, y, dx, dy, weights: [1, 0, 1, 0] }), identity);
    assert.deepEqual(fitCameraSimilarity({ x, y, dx, dy, weights: [0, 0, 0, 0] }), identity);
    assert.deepEqual(fitCameraSimilarity({ x: [], y: [], dx: [], dy: [], weights: [] }), identity);
    // Three are enough.
    const three = fitCameraSimilarity({ x, y, dx, dy, weights: [1, 1, 1, 0] });
    assert.ok(Math.abs(three.tx - 3) < 1e-6 && Math.abs(three.ty - 1) < 1e-6, JSON.stringify(three));
  });
});
