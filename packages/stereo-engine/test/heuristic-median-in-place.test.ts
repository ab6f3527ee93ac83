import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { medianInPlace } from '../src/depth/heuristic/median-in-place.js';

describe('medianInPlace', () => {
  it('equals the sorted median (middle value, or the mean of the two middle ones) for odd and even counts, with ties', () => {
    let seed = 1;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let trial = 0; trial < 2000; trial++) {
      const count = 1 + Math.floor(random() * 50);
      const values = new Float64Array(64).fill(-1);
      for (let i = 0; i < count; i++) values[i] = Math.floor(random() * (trial % 3 ? 1000 : 4));
      const sorted = Array.from(values.subarray(0, count)).sort((a, b) => a - b);
      const expected = count % 2 ? sorted[count >> 1]! : 0.5 * (sorted[(count >> 1) - 1]! + sorted[count >> 1]!);
      assert.equal(medianInPlace(values, count), expected);
      // Only the first `count` entries are touched.
      assert.ok(values.subarray(count).every((v) => v === -1));
    }
  });

  it('is 0 for no values', () => {
    assert.equal(medianInPlace(new Float64Array(4), 0), 0);
  });
});
