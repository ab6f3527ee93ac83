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
/** Buffers `segmentRegions` may reuse between calls (filled in on first use, replaced when the size changes). */
export interface SegmentationScratch {
  bucket?: Uint16Array;
  order?: Int32Array;
  parent?: Int32Array;
  size?: Int32Array;
  internal?: Float32Array;
  labels?: Int32Array;
  ids?: Int32Array;
  small?: Uint8Array;
}

export function segmentRegions({ image, k, minSize, scratch = {} }: { image: FloatImage; k: number; minSize: number; scratch?: SegmentationScratch }): Regions {
  const { width, height, data } = image;
  const n = width * height;
  // Edge 2i joins pixel i to its right neighbour, edge 2i + 1 to the one below (ids beyond the border are unused).
  const edgeIds = 2 * n;
  const bucket = scratch.bucket?.length === edgeIds ? scratch.bucket : (scratch.bucket = new Uint16Array(edgeIds));
  const counts = new Int32Array(LEVELS * 4 + 1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const below = y + 1 < height;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const v = data[i]!;
      if (x + 1 < width) {
        const q = Math.min(LEVELS * 4 - 1, (Math.abs(v - data[i + 1]!) * 4) | 0);
        bucket[2 * i] = q;
        counts[q + 1]! += 1;
      }
      if (below) {
        const q = Math.min(LEVELS * 4 - 1, (Math.abs(v - data[i + width]!) * 4) | 0);
        bucket[2 * i + 1] = q;
        counts[q + 1]! += 1;
      }
    }
  }
  for (let v = 1; v < counts.length; v++) counts[v]! += counts[v - 1]!;
  const edgeCount = (width - 1) * height + width * (height - 1);
  const order = scratch.order?.length === edgeCount ? scratch.order : (scratch.order = new Int32Array(edgeCount));
  for (let y = 0; y < height; y++) {
    const below = y + 1 < height;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x + 1 < width) order[counts[bucket[2 * i]!]!++] = 2 * i;
      if (below) order[counts[bucket[2 * i + 1]!]!++] = 2 * i + 1;
    }
  }

  const parent = scratch.parent?.length === n ? scratch.parent : (scratch.parent = new Int32Array(n));
  const size = scratch.size?.length === n ? scratch.size : (scratch.size = new Int32Array(n));
  const internal = scratch.internal?.length === n ? scratch.internal : (scratch.internal = new Float32Array(n));
  for (let i = 0; i < n; i++) parent[i] = i;
  size.fill(1);
  internal.fill(0);
  // Path halving: every other node on the way up is pointed at its grandparent (one pass, no second walk).
  const find = (i: number): number => {
    let r = i;
    let p = parent[r]!;
    while (p !== r) {
      const g = parent[p]!;
      parent[r] = g;
      r = g;
      p = parent[r]!;
    }
    return r;
  };
  for (let j = 0; j < edgeCount; j++) {
    const edge = order[j]!;
    const pa = edge >> 1;
    const ra = find(pa);
    const rb = find(edge & 1 ? pa + width : pa + 1);
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
  // Specks: merge into the neighbour across their weakest edge (edges still in ascending order). Regions only grow
  // here, so an edge between two pixels already in big regions can never merge: those are skipped without a find.
  const small = scratch.small?.length === n ? scratch.small : (scratch.small = new Uint8Array(n));
  for (let i = 0; i < n; i++) small[i] = size[find(i)]! < minSize ? 1 : 0;
  for (let j = 0; j < edgeCount; j++) {
    const edge = order[j]!;
    const pa = edge >> 1;
    const pb = edge & 1 ? pa + width : pa + 1;
    if (!small[pa] && !small[pb]) continue;
    const ra = find(pa);
    const rb = find(pb);
    if (ra === rb) continue;
    const sa = size[ra]!;
    const sb = size[rb]!;
    if (sa < minSize || sb < minSize) {
      const big = sa >= sb ? ra : rb;
      parent[big === ra ? rb : ra] = big;
      size[big] = sa + sb;
    }
  }
  const labels = scratch.labels?.length === n ? scratch.labels : (scratch.labels = new Int32Array(n));
  const ids = scratch.ids?.length === n ? scratch.ids : (scratch.ids = new Int32Array(n));
  ids.fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (ids[r]! < 0) ids[r] = count++;
    labels[i] = ids[r]!;
  }
  return { labels, count };
}
