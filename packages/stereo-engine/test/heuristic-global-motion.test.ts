import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MotionField } from '../src/depth/heuristic/block-match.js';
import { estimateGlobalMotion, residualMotion } from '../src/depth/heuristic/global-motion.js';
import { fitGroundMotion } from '../src/depth/heuristic/ground-motion.js';
import { weightedMedian } from '../src/depth/heuristic/weighted-median.js';

function field(dx: number[], dy: number[], confidence?: number[]): MotionField {
  const n = dx.length;
  return {
    cols: n, rows: 1, blockSize: 8, originX: 0, originY: 0,
    dx: Float32Array.from(dx), dy: Float32Array.from(dy),
    confidence: Float32Array.from(confidence ?? new Array(n).fill(0.8)), error: new Float32Array(n),
  };
}

describe('estimateGlobalMotion', () => {
  it('recovers a whole-image translation, leaving a residual of ~0', () => {
    const n = 40;
    const f = field(Array.from({ length: n }, (_, i) => 2.5 + 0.01 * Math.sin(i)), Array.from({ length: n }, (_, i) => -1 + 0.01 * Math.cos(i)));
    const global = estimateGlobalMotion({ field: f });
    assert.ok(Math.abs(global.dx - 2.5) < 0.02);
    assert.ok(Math.abs(global.dy + 1) < 0.02);
    const residual = residualMotion({ field: f, global });
    assert.ok(residual.magnitude.every((m) => m < 0.03));
  });

  it('ignores a minority of independently moving blocks and unreliable ones', () => {
    const dx = [...new Array(30).fill(1), ...new Array(10).fill(-4), ...new Array(20).fill(9)];
    const confidence = [...new Array(40).fill(0.8), ...new Array(20).fill(0)];
    const global = estimateGlobalMotion({ field: field(dx, new Array(60).fill(0), confidence) });
    assert.equal(global.dx, 1);
  });

  it('takes the motion of the blocks weighted as far', () => {
    const dx = [...new Array(10).fill(0.1), ...new Array(30).fill(0.9)];
    const weights = [...new Array(10).fill(1), ...new Array(30).fill(0.01)];
    assert.ok(Math.abs(estimateGlobalMotion({ field: field(dx, new Array(40).fill(0)), weights }).dx - 0.1) < 1e-6);
  });

  it('is {0, 0} when no block is reliable', () => {
    assert.deepEqual(estimateGlobalMotion({ field: field([3, 4], [1, 1], [0, 0]) }), { dx: 0, dy: 0 });
  });
});

describe('fitGroundMotion', () => {
  it('finds the parallax scale and direction of a translating camera over the ground', () => {
    // Residual motion −0.8 · prior, along x, on blocks at priors 0..1; a few objects moving the other way.
    const prior = Array.from({ length: 50 }, (_, i) => i / 49);
    const dx = prior.map((p, i) => (i % 10 === 3 ? 0.5 : -0.8 * p));
    const fit = fitGroundMotion({ dx, dy: new Array(50).fill(0), weights: new Array(50).fill(1), prior });
    assert.ok(Math.abs(fit.scale - 0.8) < 0.02, `scale ${fit.scale}`);
    assert.ok(Math.abs(fit.dirX + 1) < 1e-6);
  });

  it('reports no translation when only a few objects move over a still ground', () => {
    const prior = Array.from({ length: 50 }, (_, i) => i / 49);
    const dx = prior.map((_, i) => (i % 7 === 0 ? 1.2 : 0.01 * Math.sin(i)));
    const fit = fitGroundMotion({ dx, dy: new Array(50).fill(0), weights: new Array(50).fill(1), prior });
    assert.ok(fit.scale < 0.05, `scale ${fit.scale}`);
  });
});

describe('weightedMedian', () => {
  it('is the median with unit weights and follows the weights otherwise', () => {
    assert.equal(weightedMedian({ values: [5, 1, 3], weights: [1, 1, 1] }), 3);
    assert.equal(weightedMedian({ values: [1, 2, 3, 4], weights: [1, 1, 1, 1] }), 2.5);
    assert.equal(weightedMedian({ values: [1, 2, 3], weights: [0, 0, 5] }), 3);
    assert.ok(Number.isNaN(weightedMedian({ values: [1], weights: [0] })));
  });
});
