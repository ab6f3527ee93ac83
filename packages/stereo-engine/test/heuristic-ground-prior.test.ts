import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groundPrior } from '../src/depth/heuristic/ground-prior.js';

describe('groundPrior', () => {
  it('is far above the horizon and increases downwards, linearly (ground disparity), to 1 at the bottom', () => {
    const prior = groundPrior({ width: 4, height: 100, horizon: 0.4 });
    const column = Array.from({ length: 100 }, (_, y) => prior.data[y * 4 + 2]!);
    for (let y = 0; y < 40; y++) assert.equal(column[y], 0);
    for (let y = 41; y < 100; y++) assert.ok(column[y]! > column[y - 1]!, `row ${y}`);
    assert.ok(column[99]! > 0.99);
    // Linear: equal steps below the horizon.
    assert.ok(Math.abs(column[70]! - column[60]! - (column[90]! - column[80]!)) < 1e-6);
    // Constant along each row.
    for (let x = 0; x < 4; x++) assert.equal(prior.data[70 * 4 + x], column[70]);
  });

  it('moves with the horizon', () => {
    const low = groundPrior({ width: 1, height: 100, horizon: 0.6 });
    const high = groundPrior({ width: 1, height: 100, horizon: 0.2 });
    assert.equal(low.data[50], 0);
    assert.ok(high.data[50]! > 0.3);
  });
});
