import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Plane } from '../src/frame.js';
import { createHeuristicEstimator } from '../src/depth/heuristic/heuristic-estimator.js';
import { valueNoise as texture } from './fixtures/value-noise.js';

const W = 320;
const H = 180;

/**
 * A camera panning right over a ground plane (rows below 0.4·H move by more the lower they are: motion parallax)
 * under a far wall, with one box standing on the ground near the camera (it moves with the ground at its base).
 */
function panFrame(t: number): Plane {
  const data = new Uint8Array(W * H);
  const yh = 0.4 * H;
  const box = { x0: 140, x1: 200, y0: 60, y1: 150 };
  const boxShift = 3 * ((box.y1 - yh) / (H - yh)) * t;
  for (let y = 0; y < H; y++) {
    const ground = y > yh ? 3 * ((y - yh) / (H - yh)) : 0.1;
    for (let x = 0; x < W; x++) {
      const inBox = y >= box.y0 && y < box.y1 && x + boxShift >= box.x0 && x + boxShift < box.x1;
      const v = inBox ? 40 + 80 * texture(x + boxShift, y, 3) : y > yh ? 120 + 100 * texture(x + ground * t, y, 1) : 60 + 100 * texture(x + ground * t, y, 2);
      data[y * W + x] = v;
    }
  }
  return { data, width: W, height: H };
}

const frames = Array.from({ length: 16 }, (_, t) => panFrame(t));

async function run(start: number, count: number, warm: boolean) {
  const estimator = createHeuristicEstimator();
  if (warm) await estimator.warmUp({ lumas: frames.slice(start, start + 4) });
  const maps = [];
  for (let i = start; i < start + count; i++) maps.push(await estimator.estimate({ luma: frames[i]!, index: i - start }));
  return maps;
}

const meanAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

describe('createHeuristicEstimator', () => {
  it('returns maps in [0, 1], each its own copy (a later frame does not change an earlier result)', async () => {
    const maps = await run(0, 4, false);
    const before = maps[1]!.data.slice();
    for (const map of maps) assert.ok(map.data.every((v) => v >= 0 && v <= 1));
    assert.notEqual(maps[1]!.data, maps[2]!.data);
    assert.deepEqual(maps[1]!.data, before);
  });

  it('with warmUp, frame 0 of a segment already has the depth a frame deep in the shot has', async () => {
    // Reference: an estimator that has seen the shot from frame 0; a segment starts at frame 8.
    const steady = (await run(0, 9, false))[8]!.data;
    const cold = (await run(8, 1, false))[0]!.data;
    const warm = (await run(8, 1, true))[0]!.data;
    const coldError = meanAbsDiff(cold, steady);
    const warmError = meanAbsDiff(warm, steady);
    assert.ok(warmError < 0.5 * coldError, `warm ${warmError.toFixed(4)} vs cold ${coldError.toFixed(4)}`);
  });

  it('after warmUp, the frames after frame 0 follow the motion forwards (no jump at frame 1)', async () => {
    const maps = await run(8, 4, true);
    for (let k = 1; k < maps.length; k++) {
      const step = meanAbsDiff(maps[k]!.data, maps[k - 1]!.data);
      assert.ok(step < 0.03, `frame ${k}: mean change ${step.toFixed(4)}`);
    }
  });

  it('ignores warmUp once frames have been estimated (their state is not rewound)', async () => {
    const plain = createHeuristicEstimator();
    const late = createHeuristicEstimator();
    await plain.estimate({ luma: frames[0]!, index: 0 });
    await late.estimate({ luma: frames[0]!, index: 0 });
    await late.warmUp({ lumas: frames.slice(1, 5) });
    const a = await plain.estimate({ luma: frames[1]!, index: 1 });
    const b = await late.estimate({ luma: frames[1]!, index: 1 });
    assert.deepEqual(b.data, a.data);
  });

  it('normalises with a fixed range: the same map whatever the depth range seen before', async () => {
    const a = createHeuristicEstimator({ depthHigh: 0.5 });
    const b = createHeuristicEstimator({ depthHigh: 1 });
    const ma = (await a.estimate({ luma: frames[0]!, index: 0 })).data;
    const mb = (await b.estimate({ luma: frames[0]!, index: 0 })).data;
    // Same cue, scaled by the fixed range (clamped at 1).
    for (let i = 0; i < ma.length; i += 97) assert.ok(Math.abs(ma[i]! - Math.min(1, 2 * mb[i]!)) < 1e-4);
  });
});
