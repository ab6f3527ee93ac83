import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FloatImage } from '../src/depth/heuristic/float-image.js';
import { segmentRegions, type SegmentationScratch } from '../src/depth/heuristic/segment-regions.js';

/** A textured background (two grey levels in a fine checker) with a dark textured box: two regions. */
function boxImage(width: number, height: number, box: { x0: number; y0: number; x1: number; y1: number }): FloatImage {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const grain = (x + y) % 2 ? 4 : 0;
      const inside = x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1;
      data[y * width + x] = (inside ? 40 : 180) + grain;
    }
  }
  return { data, width, height };
}

describe('segmentRegions', () => {
  it('keeps texture inside a region and outlines between regions', () => {
    const image = boxImage(40, 30, { x0: 10, y0: 5, x1: 25, y1: 20 });
    const { labels, count } = segmentRegions({ image, k: 300, minSize: 20 });
    assert.equal(count, 2);
    assert.notEqual(labels[7 * 40 + 12], labels[0]);
    assert.equal(labels[19 * 40 + 24], labels[7 * 40 + 12]);
    assert.equal(labels[29 * 40 + 39], labels[0]);
  });

  it('gives the same labels with reused scratch buffers, across calls of different sizes', () => {
    const scratch: SegmentationScratch = {};
    const images = [boxImage(40, 30, { x0: 10, y0: 5, x1: 25, y1: 20 }), boxImage(32, 32, { x0: 2, y0: 2, x1: 9, y1: 30 }), boxImage(40, 30, { x0: 0, y0: 0, x1: 6, y1: 6 })];
    for (const image of images) {
      const fresh = segmentRegions({ image, k: 300, minSize: 20 });
      const reused = segmentRegions({ image, k: 300, minSize: 20, scratch });
      assert.equal(reused.count, fresh.count);
      assert.deepEqual([...reused.labels], [...fresh.labels]);
    }
  });

  it('merges specks smaller than minSize into a neighbour', () => {
    const image = boxImage(40, 30, { x0: 10, y0: 10, x1: 13, y1: 13 });
    assert.equal(segmentRegions({ image, k: 300, minSize: 20 }).count, 1);
    assert.equal(segmentRegions({ image, k: 300, minSize: 5 }).count, 2);
  });
});
