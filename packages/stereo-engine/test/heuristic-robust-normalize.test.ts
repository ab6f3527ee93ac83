import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeDepth, robustRange } from '../src/depth/heuristic/robust-normalize.js';

/** A ramp 0.2..0.6 over 1,000 pixels with `outliers` pixels set to `outlierValue`. */
function rampWithOutliers(outliers: number, outlierValue: number) {
  const data = Float32Array.from({ length: 1000 }, (_, i) => 0.2 + (0.4 * i) / 999);
  for (let k = 0; k < outliers; k++) data[(k * 97) % 1000] = outlierValue;
  return { data, width: 100, height: 10 };
}

describe('robustRange + normalizeDepth', () => {
  it('maps a map with outliers to [0, 1], the outliers neither stretching the range nor moving the median', () => {
    const results = [1, 50, 1e6].map((outlierValue) => {
      const input = rampWithOutliers(10, outlierValue);
      const range = robustRange({ input, lowFraction: 0.02, highFraction: 0.98 });
      const out = normalizeDepth({ input, low: range.low, high: range.high });
      assert.ok(out.data.every((v) => v >= 0 && v <= 1));
      const sorted = [...out.data].sort((a, b) => a - b);
      return { range, median: sorted[500]! };
    });
    for (const r of results) {
      assert.ok(Math.abs(r.range.low - 0.208) < 0.01, `low ${r.range.low}`);
      assert.ok(Math.abs(r.range.high - 0.592) < 0.03, `high ${r.range.high}`);
      assert.ok(Math.abs(r.median - 0.5) < 0.05, `median ${r.median}`);
    }
    // The median lands at the same value whatever the outliers' magnitude.
    assert.ok(Math.abs(results[0]!.median - results[2]!.median) < 0.03);
  });

  it('clamps outside the range and handles a flat map', () => {
    const input = { data: Float32Array.from([0, 0.5, 1, 2]), width: 4, height: 1 };
    assert.deepEqual([...normalizeDepth({ input, low: 0.5, high: 1 }).data], [0, 0, 1, 1]);
    const flat = { data: new Float32Array(10).fill(0.3), width: 10, height: 1 };
    const range = robustRange({ input: flat, lowFraction: 0.02, highFraction: 0.98 });
    assert.ok(normalizeDepth({ input: flat, low: range.low, high: range.high }).data.every((v) => v === 0.5));
  });
});
