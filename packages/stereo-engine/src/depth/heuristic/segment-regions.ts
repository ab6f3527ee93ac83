import type { FloatImage } from './float-image.js';

/** A labelling of the image into regions: `labels[i]` in [0, count). */
export interface Regions {
  labels: Int32Array;
  count: number;
}

const LEVELS = 256;

/**
 * Graph-based segmentation (Felzenszwalb & Huttenlocher) of a luma image on its 4-neighbour grid: edges are
 * taken from weakest to strongest (|Δluma|, bucketed to 1/4 level: a counting sort, O(n)) and two regions merge
 * when the edge joining them is no stronger than the larger of their internal variations plus `k / size`. Larger
 * `k` gives larger regions; texture (many similar weak edges) ends up inside a region, outlines (a strong edge
 * all along) between regions. Regions below `minSize` pixels are then merged into a neighbour.
 */
export function segmentRegions({ image, k, minSize }: { image: FloatImage; k: number; minSize: number }): Regions {
  const { width, height, data } = image;
  const n = width * height;
  const edgeCount = (width - 1) * height + width * (height - 1);
  const a = new Int32Array(edgeCount);
  const b = new Int32Array(edgeCount);
  const bucket = new Uint16Array(edgeCount);
  const counts = new Int32Array(LEVELS * 4 + 1);
  let e = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x + 1 < width) {
        a[e] = i;
        b[e] = i + 1;
        bucket[e] = Math.min(LEVELS * 4 - 1, Math.abs(data[i]! - data[i + 1]!) * 4);
        counts[bucket[e]! + 1]! += 1;
        e++;
      }
      if (y + 1 < height) {
        a[e] = i;
        b[e] = i + width;
        bucket[e] = Math.min(LEVELS * 4 - 1, Math.abs(data[i]! - data[i + width]!) * 4);
        counts[bucket[e]! + 1]! += 1;
        e++;
      }
    }
  }
  for (let v = 1; v < counts.length; v++) counts[v]! += counts[v - 1]!;
  const order = new Int32Array(edgeCount);
  for (let j = 0; j < edgeCount; j++) order[counts[bucket[j]!]!++] = j;

  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const size = new Int32Array(n).fill(1);
  const internal = new Float32Array(n);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  for (let j = 0; j < edgeCount; j++) {
    const edge = order[j]!;
    const ra = find(a[edge]!);
    const rb = find(b[edge]!);
    if (ra === rb) continue;
    const w = bucket[edge]! * 0.25;
    const sa = size[ra]!;
    const sb = size[rb]!;
    if (w <= internal[ra]! + k / sa && w <= internal[rb]! + k / sb) {
      // Union by size; edges come in ascending order, so w is the new region's largest internal edge.
      const big = sa >= sb ? ra : rb;
      parent[big === ra ? rb : ra] = big;
      size[big] = sa + sb;
      internal[big] = w;
    }
  }
  // Specks: merge into the neighbour across their weakest edge (edges still in ascending order).
  for (let j = 0; j < edgeCount; j++) {
    const edge = order[j]!;
    const ra = find(a[edge]!);
    const rb = find(b[edge]!);
    if (ra === rb) continue;
    const sa = size[ra]!;
    const sb = size[rb]!;
    if (sa < minSize || sb < minSize) {
      const big = sa >= sb ? ra : rb;
      parent[big === ra ? rb : ra] = big;
      size[big] = sa + sb;
    }
  }
  const labels = new Int32Array(n);
  const ids = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (ids[r]! < 0) ids[r] = count++;
    labels[i] = ids[r]!;
  }
  return { labels, count };
}
