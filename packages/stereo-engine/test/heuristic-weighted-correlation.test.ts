import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { weightedCorrelation } from '../src/depth/heuristic/weighted-correlation.js';

const ones = (n: number) => new Float32Array(n).fill(1);

describe('weightedCorrelation', () => {
  it('is +1 for values on a rising line and −1 on a falling one (any offset and scale)', () => {
    const a = Float32Array.from({ length: 20 }, (_, i) => i);
    const rising = a.map((v) => 3 * v - 7);
    const falling = a.map((v) => 5 - 0.5 * v);
    assert.ok(Math.abs(weightedCorrelation({ a, b: rising, w: ones(20) }) - 1) < 1e-9);
    assert.ok(Math.abs(weightedCorrelation({ a, b: falling, w: ones(20) }) + 1) < 1e-9);
  });

  it('matches the plain Pearson correlation with equal weights', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 1, 4, 3, 5];
    // cov = 8/5, var a = var b = 2: r = 0.8.
    assert.ok(Math.abs(weightedCorrelation({ a, b, w: [2, 2, 2, 2, 2] }) - 0.8) < 1e-9);
  });

  it('is 0 when either input is constant, or no weight remains', () => {
    const a = [1, 2, 3, 4];
    assert.equal(weightedCorrelation({ a, b: [5, 5, 5, 5], w: ones(4) }), 0);
    assert.equal(weightedCorrelation({ a: [5, 5, 5, 5], b: a, w: ones(4) }), 0);
    assert.equal(weightedCorrelation({ a, b: a, w: [0, 0, 0, 0] }), 0);
    assert.equal(weightedCorrelation({ a: [], b: [], w: [] }), 0);
  });

  it('ignores points of weight 0 (however wild), and weights the others', () => {
    const a = [0, 1, 2, 3, 4, 100];
    const b = [0, 2, 4, 6, 8, -1000];
    assert.ok(Math.abs(weightedCorrelation({ a, b, w: [1, 1, 1, 1, 1, 0] }) - 1) < 1e-9);
    // The same outlier with weight counts: the correlation turns negative.
    assert.ok(weightedCorrelation({ a, b, w: [1, 1, 1, 1, 1, 1] }) < 0);
    // Only two points keep weight: any two distinct points lie on a line.
    assert.ok(Math.abs(weightedCorrelation({ a: [0, 1, 2, 3], b: [0, 9, -4, 1], w: [1, 0, 0, 1] }) - 1) < 1e-9);
  });
});
