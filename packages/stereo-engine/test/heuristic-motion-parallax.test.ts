import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MotionField } from '../src/depth/heuristic/block-match.js';
import { createEstimatorState, type EstimatorState } from '../src/depth/heuristic/estimator-state.js';
import { groundPrior } from '../src/depth/heuristic/ground-prior.js';
import { DEFAULT_HEURISTIC_OPTIONS } from '../src/depth/heuristic/heuristic-options.js';
import { motionParallax } from '../src/depth/heuristic/motion-parallax.js';

// The coarse motion grid of a 192×108 working frame: 24×13 blocks of 8 px, centred 2 px down.
const WIDTH = 192;
const HEIGHT = 108;
const COLS = 24;
const ROWS = 13;
const BLOCK = 8;
const N = COLS * ROWS;
const prior = groundPrior({ width: WIDTH, height: HEIGHT, horizon: DEFAULT_HEURISTIC_OPTIONS.horizon });

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const newState = (): EstimatorState => createEstimatorState(DEFAULT_HEURISTIC_OPTIONS);

/** Block position from the grid's centre (the coordinates the camera fit uses). */
const at = (k: number) => ({ x: ((k % COLS) + 0.5) * BLOCK - (COLS * BLOCK) / 2, y: (Math.floor(k / COLS) + 0.5) * BLOCK - (ROWS * BLOCK) / 2 });

/** A field of confidence 1 with motion `motion(k)` per block, plus ±`noise` px of matching noise. */
function field(motion: (k: number) => { dx: number; dy: number }, noise = 0.01, seed = 1): MotionField {
  const rand = random(seed);
  const f: MotionField = {
    cols: COLS, rows: ROWS, blockSize: BLOCK, originX: 0, originY: (HEIGHT - ROWS * BLOCK) >> 1,
    dx: new Float32Array(N), dy: new Float32Array(N), confidence: new Float32Array(N).fill(1), error: new Float32Array(N),
  };
  for (let k = 0; k < N; k++) {
    const m = motion(k);
    f.dx[k] = m.dx + noise * (2 * rand() - 1);
    f.dy[k] = m.dy + noise * (2 * rand() - 1);
  }
  return f;
}

/**
 * True inverse depth per block: a scene (not a ground plane) nearer lower down on the whole, row by row
 * non-linearly, with a near box in the lower middle and some unevenness along each row.
 */
function inverseDepth(k: number): number {
  const col = k % COLS;
  const row = Math.floor(k / COLS);
  let q = 0.2 + 0.6 * ((row + 0.5) / ROWS) ** 2 + 0.05 * Math.sin(1.7 * col);
  if (col >= 9 && col < 15 && row >= 7 && row < 11) q += 0.4;
  return q;
}

/** Average ranks (ties share their mean rank). */
function ranks(values: ArrayLike<number>): number[] {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const result = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    for (let m = i; m <= j; m++) result[order[m]!] = (i + j) / 2;
    i = j + 1;
  }
  return result;
}

function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length - 1) / 2;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < ra.length; i++) {
    ab += (ra[i]! - mean) * (rb[i]! - mean);
    aa += (ra[i]! - mean) ** 2;
    bb += (rb[i]! - mean) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

const truth = Float32Array.from({ length: N }, (_, k) => inverseDepth(k));

describe('motionParallax', () => {
  it('ranks blocks like their true inverse depth under a translating camera, whichever way it moves', () => {
    // Parallax along x ∝ inverse depth on top of a pan; the camera moving left (near things move right most) or right.
    for (const [pan, gain] of [[-1, 0.5], [1.2, -0.5], [0, 0.3]] as const) {
      const state = newState();
      const result = motionParallax({ state, field: field((k) => ({ dx: pan + gain * truth[k]!, dy: 0 })), gap: 4, prior });
      const rho = spearman(result.depth, truth);
      assert.ok(rho > 0.95, `pan ${pan}, gain ${gain}: Spearman ${rho}`);
      assert.equal(state.parallax.sign, gain > 0 ? 1 : -1);
      assert.ok(result.weight > 0.9, `pan ${pan}, gain ${gain}: weight ${result.weight}`);
      assert.ok(result.depth.every((d) => d >= 0 && d <= 1));
      assert.ok(result.confidence.every((c) => c === 1), 'every block static and confident');
      assert.ok(result.across.every((a) => a === 0), 'no mover');
    }
  });

  it('ranks them too with a zoom and roll of the camera on top (the similarity is removed first)', () => {
    const state = newState();
    const s = 0.004;
    const r = -0.003;
    const result = motionParallax({ state, field: field((k) => {
      const { x, y } = at(k);
      return { dx: 0.7 + s * x - r * y + 0.5 * truth[k]!, dy: -0.2 + s * y + r * x };
    }), gap: 4, prior });
    assert.ok(spearman(result.depth, truth) > 0.95, `Spearman ${spearman(result.depth, truth)}`);
    assert.ok(result.weight > 0.9, `weight ${result.weight}`);
  });

  it('gives weight 0 for a camera that only pans, zooms or rolls (no parallax), with matching noise', () => {
    const cameras: [string, (x: number, y: number) => { dx: number; dy: number }][] = [
      ['pan', () => ({ dx: 2.5, dy: -0.4 })],
      ['zoom', (x, y) => ({ dx: 0.01 * x, dy: 0.01 * y })],
      ['roll', (x, y) => ({ dx: -0.008 * y, dy: 0.008 * x })],
      ['still', () => ({ dx: 0, dy: 0 })],
    ];
    for (const [name, camera] of cameras) {
      const state = newState();
      // Several frames: the weight is smoothed over the shot.
      for (let frame = 0; frame < 3; frame++) {
        const result = motionParallax({ state, field: field((k) => camera(at(k).x, at(k).y), 0.02, frame + 1), gap: 4, prior });
        assert.equal(result.weight, 0, `${name}, frame ${frame}`);
      }
    }
  });

  it('gives weight 0 for a still camera where a compact tenth of the blocks (people walking) moves, and marks them', () => {
    const walker = (k: number) => {
      const col = k % COLS;
      const row = Math.floor(k / COLS);
      return col >= 5 && col < 9 && row >= 5 && row < 13;
    };
    const moving = Array.from({ length: N }, (_, k) => k).filter(walker);
    assert.ok(moving.length >= 0.09 * N && moving.length <= 0.11 * N, `${moving.length} of ${N}`);
    const state = newState();
    const result = motionParallax({ state, field: field((k) => (walker(k) ? { dx: 1.5, dy: 0.1 } : { dx: 0, dy: 0 })), gap: 4, prior });
    assert.equal(result.weight, 0);
    // Far beyond the static blocks' spread: movers, not depth.
    for (const k of moving) assert.equal(result.across[k], 1, `walker block ${k}`);
    for (const k of moving) assert.equal(result.confidence[k], 0, `walker block ${k}`);
  });

  it('marks a block moving across the parallax direction (across = 1, confidence 0), and keeps ranking the rest', () => {
    const mover = 7 * COLS + 4;
    const state = newState();
    const result = motionParallax({ state, field: field((k) => ({ dx: -1 + 0.5 * truth[k]!, dy: k === mover ? 0.8 : 0 })), gap: 4, prior });
    assert.equal(result.across[mover], 1);
    assert.equal(result.confidence[mover], 0);
    let others = 0;
    for (let k = 0; k < N; k++) if (k !== mover && result.across[k] === 0 && result.confidence[k] === 1) others++;
    assert.equal(others, N - 1, 'only the mover is marked');
    assert.ok(result.weight > 0.9, `weight ${result.weight}`);
    assert.ok(spearman(result.depth, truth) > 0.95);
  });

  it('does not mark the static blocks of a plain ground plane as movers when the camera moves fast', { todo: 'the similarity fit takes ~20 % of a row-linear parallax as roll, leaving dy = −r·x on static blocks: beyond the mover threshold at the sides from ~1 px/frame of parallax range' }, () => {
    // Inverse depth linear in the row (a ground plane seen sideways), parallax 0..2 px per frame from top to bottom.
    const state = newState();
    const result = motionParallax({ state, field: field((k) => ({ dx: -0.5 + 2 * ((Math.floor(k / COLS) + 0.5) / ROWS), dy: 0 }), 0.002), gap: 4, prior });
    assert.equal(result.across.reduce((sum, a) => sum + a, 0), 0);
  });

  it('ignores blocks matched with too little confidence (they get confidence 0), and scales confidence up to full at 0.3', () => {
    const f = field((k) => ({ dx: 0.5 * truth[k]!, dy: 0 }));
    const wild = 3 * COLS + 3;
    f.dx[wild] = 40;
    f.dy[wild] = -25;
    f.confidence[wild] = 0.05;
    const half = 3 * COLS + 10;
    f.confidence[half] = 0.15;
    const state = newState();
    const result = motionParallax({ state, field: f, gap: 4, prior });
    assert.equal(result.confidence[wild], 0);
    assert.equal(result.across[wild], 0, 'a block that says nothing is not a mover either');
    assert.ok(Math.abs(result.confidence[half]! - 0.5) < 1e-6, `${result.confidence[half]}`);
    const rest = Array.from({ length: N }, (_, k) => k).filter((k) => k !== wild);
    assert.ok(spearman(rest.map((k) => result.depth[k]!), rest.map((k) => truth[k]!)) > 0.95);
  });

  it('keeps the sign learnt earlier in the shot while a frame gives no evidence of it', () => {
    // First frame: near things lower down, moving left most (sign −1).
    const state = newState();
    motionParallax({ state, field: field((k) => ({ dx: 1 - 0.5 * truth[k]!, dy: 0 })), gap: 4, prior });
    assert.equal(state.parallax.sign, -1);
    // Then a frame whose parallax does not correlate with the rows (left half near, right half far): still "moving left most = near".
    const byColumn = (k: number) => (k % COLS < COLS / 2 ? 1 : 0.3);
    const next = motionParallax({ state, field: field((k) => ({ dx: 1 - 0.5 * byColumn(k), dy: 0 }), 0.005), gap: 4, prior });
    assert.equal(state.parallax.sign, -1);
    const mean = (depth: Float32Array, left: boolean) => {
      let sum = 0;
      let count = 0;
      for (let k = 0; k < N; k++) if (k % COLS < COLS / 2 === left) {
        sum += depth[k]!;
        count++;
      }
      return sum / count;
    };
    // (The 0..1 range is still mostly the first frame's: smoothed over the shot.)
    assert.ok(mean(next.depth, true) > mean(next.depth, false) + 0.25, `kept sign: left ${mean(next.depth, true)}, right ${mean(next.depth, false)}`);
    // A fresh shot has no sign to keep (+1): the same frame reads the other way round.
    const fresh = motionParallax({ state: newState(), field: field((k) => ({ dx: 1 - 0.5 * byColumn(k), dy: 0 }), 0.005), gap: 4, prior });
    assert.ok(mean(fresh.depth, true) < mean(fresh.depth, false) - 0.25, `fresh: left ${mean(fresh.depth, true)}, right ${mean(fresh.depth, false)}`);
  });

  it('smooths the 0..1 range over the shot: a frame with twice the parallax is not re-read onto the same range', () => {
    const frame = (gain: number) => field((k) => ({ dx: -1 + gain * truth[k]!, dy: 0 }));
    const saturated = (depth: Float32Array) => depth.reduce((sum, d) => sum + (d === 1 ? 1 : 0), 0);
    // Alone, each frame's range is its own: the same depths whatever the parallax's scale.
    const alone = motionParallax({ state: newState(), field: frame(0.8), gap: 4, prior });
    const count = saturated(alone.depth);
    // After a frame of half that parallax, the range has moved only part of the way: more blocks reach 1.
    const state = newState();
    motionParallax({ state, field: frame(0.4), gap: 4, prior });
    const after = motionParallax({ state, field: frame(0.8), gap: 4, prior });
    assert.ok(saturated(after.depth) > count + 0.05 * N, `saturated ${saturated(after.depth)} vs ${count} alone`);
    assert.ok(spearman(after.depth, truth) > 0.9);
  });

  it('needs more spread at a short baseline: a spread that counts at gap 4 counts less at gap 2 and not at gap 1', () => {
    // Parallax 0.2 px per unit of inverse depth: a residual spread (3 × its median absolute deviation, after the
    // camera fit took its share) of ~0.065 px, half-way between the thresholds at gap 4.
    const make = () => field((k) => ({ dx: -0.5 + 0.2 * truth[k]!, dy: 0 }), 0.002);
    const weights = [4, 2, 1].map((gap) => motionParallax({ state: newState(), field: make(), gap, prior }).weight);
    assert.ok(weights[0]! > 0.3 && weights[0]! < 0.8, `gap 4: ${weights[0]}`);
    assert.ok(weights[1]! < weights[0]! - 0.1, `gap 2: ${weights[1]} vs gap 4: ${weights[0]}`);
    assert.equal(weights[2], 0, `gap 1: ${weights[2]}`);
    // A gap beyond the parallax gap counts as the parallax gap.
    assert.equal(motionParallax({ state: newState(), field: make(), gap: 8, prior }).weight, weights[0]);
  });
});
