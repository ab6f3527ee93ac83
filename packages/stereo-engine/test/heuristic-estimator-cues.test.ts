import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DepthMap, Plane } from '../src/frame.js';
import { createHeuristicEstimator } from '../src/depth/heuristic/heuristic-estimator.js';
import { valueNoise as texture } from './fixtures/value-noise.js';
import { gaussianBlur } from './fixtures/gaussian-blur.js';

// 640×360 frames: a 192×108 working level, and a fine level (384×216) exactly twice it.
const W = 640;
const H = 360;

/**
 * `texture(x, y, seed)` at every half pixel x ∈ [0, width) of each row, row-major (frames move by multiples of half
 * a pixel, so they are read from it instead of evaluated per frame). Built from the noise's lattice values (one hash
 * per 4×4 cell rather than four per sample); `texture` itself checks it below.
 */
function halfPixelTable(seed: number, width: number): Float32Array {
  const columns = 2 * width;
  const cellsX = Math.ceil(width / 4) + 2;
  const cellsY = Math.ceil(H / 4) + 2;
  const lattice = new Float64Array(cellsX * cellsY);
  // texture() at a lattice point is the lattice value itself.
  for (let j = 0; j < cellsY; j++) for (let i = 0; i < cellsX; i++) lattice[j * cellsX + i] = texture(4 * i, 4 * j, seed);
  const table = new Float32Array(columns * H);
  for (let y = 0; y < H; y++) {
    const y0 = Math.floor(y / 4);
    const fy = y / 4 - y0;
    for (let k = 0; k < columns; k++) {
      const x = k / 2;
      const x0 = Math.floor(x / 4);
      const fx = x / 4 - x0;
      const a = y0 * cellsX + x0;
      const top = lattice[a]! * (1 - fx) + lattice[a + 1]! * fx;
      const bottom = lattice[a + cellsX]! * (1 - fx) + lattice[a + cellsX + 1]! * fx;
      table[y * columns + k] = top * (1 - fy) + bottom * fy;
    }
  }
  return table;
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random discs and squares (radius 2..10 px, grey 20..235) on mid grey: sharp edges everywhere. */
function discs(seed: number): Float32Array {
  const r = random(seed);
  const data = new Float32Array(W * H).fill(128);
  for (let k = 0; k < (W * H) / 40; k++) {
    const [cx, cy, radius, grey, square] = [r() * W, r() * H, 2 + r() * 8, 20 + r() * 215, r() < 0.5];
    for (let y = Math.max(0, Math.floor(cy - radius)); y < Math.min(H, cy + radius + 1); y++) {
      for (let x = Math.max(0, Math.floor(cx - radius)); x < Math.min(W, cx + radius + 1); x++) {
        if (square || (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) data[y * W + x] = grey;
      }
    }
  }
  return data;
}

const toPlane = (values: Float32Array): Plane => ({ data: Uint8Array.from(values, (v) => Math.round(v)), width: W, height: H });

/** The last map after running a fresh estimator over `frames`. */
async function lastMap(frames: Plane[]): Promise<DepthMap> {
  const estimator = createHeuristicEstimator();
  let map: DepthMap | undefined;
  for (let index = 0; index < frames.length; index++) map = await estimator.estimate({ luma: frames[index]!, index });
  return map!;
}

/** A rectangle in full-frame pixels, [x0, x1) × [y0, y1). */
interface Rect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Mean of `map` over the map pixels whose centre, in full-frame pixels, satisfies `inside`. */
function meanWhere(map: DepthMap, inside: (x: number, y: number) => boolean): number {
  const sx = W / map.width;
  const sy = H / map.height;
  let sum = 0;
  let count = 0;
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) {
      if (!inside((x + 0.5) * sx, (y + 0.5) * sy)) continue;
      sum += map.data[y * map.width + x]!;
      count++;
    }
  }
  assert.ok(count > 0, 'an empty region');
  return sum / count;
}

const within = (r: Rect, margin: number) => (x: number, y: number) => x >= r.x0 - margin && x < r.x1 + margin && y >= r.y0 - margin && y < r.y1 + margin;

describe('heuristic estimator: the general cues', () => {
  it('a camera moving sideways with no ground plane: the near rectangle (more parallax) is nearer than the background in its rows', async () => {
    const rect: Rect = { x0: 240, x1: 400, y0: 170, y1: 300 };
    const columns = 2 * (W + 32);
    const near = halfPixelTable(5, W + 32);
    const far = halfPixelTable(6, W + 32);
    for (const [k, y] of [[0, 0], [123, 77], [2 * W + 37, 359]] as const) assert.ok(Math.abs(near[y * columns + k]! - texture(k / 2, y, 5)) < 1e-6);
    // Content moves left: the rectangle 2 px per frame, the background behind it 0.5 px.
    const scene = (nearSpeed: number, farSpeed: number, count: number) => Array.from({ length: count }, (_, t): Plane => {
      const data = new Uint8Array(W * H);
      for (let y = 0; y < H; y++) {
        const inRows = y >= rect.y0 && y < rect.y1;
        for (let x = 0; x < W; x++) {
          const inRect = inRows && x >= rect.x0 && x < rect.x1;
          const value = inRect ? near[y * columns + 2 * x + 2 * nearSpeed * t]! : far[y * columns + 2 * x + 2 * farSpeed * t]!;
          data[y * W + x] = 30 + 200 * value;
        }
      }
      return { data, width: W, height: H };
    });
    // The rectangle's interior, and the background beside it in the same rows (the row prior ranks them alike).
    const inside = within(rect, -8);
    const beside = (x: number, y: number) => y >= rect.y0 + 8 && y < rect.y1 - 8 && !within(rect, 20)(x, y);
    // (The rectangle is under half the frame: the general parallax cue reads no spread from it, by design, and the
    // moving-object stage sets it apart as a thing moving against the camera's motion.)
    const moving = await lastMap(scene(2, 0.5, 16));
    const moved = meanWhere(moving, inside) - meanWhere(moving, beside);
    assert.ok(moved > 0.06, `rectangle ${meanWhere(moving, inside)}, beside it ${meanWhere(moving, beside)}`);
    // The same scene seen by a still camera: no parallax, the rectangle is not set apart (it is the motion that did it).
    const still = await lastMap(scene(0, 0, 6));
    const unmoved = meanWhere(still, inside) - meanWhere(still, beside);
    assert.ok(unmoved < 0.03, `still: rectangle ${meanWhere(still, inside)}, beside it ${meanWhere(still, beside)}`);
  });

  it('a still camera with a dark block walking across: the block is nearer than the background ring around it', async () => {
    const background = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) background[y * W + x] = 60 + 170 * texture(x, y, 7);
    const block = { width: 40, height: 100, y: 200 };
    const left = (t: number) => 60 + 8 * t;
    const frames = Array.from({ length: 21 }, (_, t): Plane => {
      const data = background.slice();
      for (let y = block.y; y < block.y + block.height; y++) for (let x = left(t); x < left(t) + block.width; x++) data[y * W + x] = 5 + 40 * texture(x - left(t), y, 8);
      return { data, width: W, height: H };
    });
    const map = await lastMap(frames);
    const now: Rect = { x0: left(20), x1: left(20) + block.width, y0: block.y, y1: block.y + block.height };
    // The block's interior, and a ring 7..27 px (2..8 working px) around it: above, beside and below.
    const inside = within(now, -4);
    const ring = (x: number, y: number) => within(now, 27)(x, y) && !within(now, 7)(x, y);
    const [b, r] = [meanWhere(map, inside), meanWhere(map, ring)];
    // ~0.17 with the still-camera movers placed on the ground at their feet; ~0.09 from the other cues alone (a
    // dark region reads as an upright thing in a single frame, too).
    assert.ok(b > r + 0.12, `block ${b}, ring ${r}`);
  });

  it('a still frame, left half sharp and right half blurred (σ 4): the left half is nearer', async () => {
    const sharp = discs(3);
    const blurred = gaussianBlur({ data: sharp, width: W, height: H }, 4).data;
    const frame = sharp.map((v, i) => (i % W < W / 2 ? v : blurred[i]!));
    const map = await lastMap([toPlane(frame), toPlane(frame), toPlane(frame)]);
    const [l, r] = [meanWhere(map, (x) => x < W / 2 - 16), meanWhere(map, (x) => x >= W / 2 + 16)];
    assert.ok(l > r + 0.3, `left ${l}, right ${r}`);
    // The all-sharp frame has no such left/right difference.
    const plain = await lastMap([toPlane(sharp), toPlane(sharp), toPlane(sharp)]);
    const [pl, pr] = [meanWhere(plain, (x) => x < W / 2 - 16), meanWhere(plain, (x) => x >= W / 2 + 16)];
    assert.ok(Math.abs(pl - pr) < 0.1, `all sharp: left ${pl}, right ${pr}`);
  });

  it('a still frame of plain texture, no cue at all: depth still grows down the rows, above the horizon too', async () => {
    const data = new Float32Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = 40 + 180 * texture(x, y, 11);
    const map = await lastMap([toPlane(data), toPlane(data)]);
    // Mean depth of eight bands of rows, top to bottom (the horizon lies at 0.4 of the height, in band 3).
    const bands = Array.from({ length: 8 }, (_, k) => meanWhere(map, (_x, y) => y >= (k * H) / 8 && y < ((k + 1) * H) / 8));
    for (let k = 1; k < 8; k++) assert.ok(bands[k]! > bands[k - 1]!, `bands ${bands.map((v) => v.toFixed(3))}`);
    // Not level above the horizon: the top band is clearly farther than the band just above the horizon.
    assert.ok(bands[2]! > bands[0]! + 0.05, `bands ${bands.map((v) => v.toFixed(3))}`);
  });
});
