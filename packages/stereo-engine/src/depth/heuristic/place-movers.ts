import type { MotionField } from './block-match.js';
import { contactDepth } from './contact-depth.js';
import type { FrameBuffers } from './estimator-buffers.js';
import type { FloatImage } from './float-image.js';
import type { GlobalMotion } from './global-motion.js';
import type { GroundMotion } from './ground-motion.js';
import { moverPixels } from './mover-pixels.js';
import type { MovingObject } from './moving-objects.js';

/**
 * Stage 4: independently moving objects, each standing on the ground, take the ground's depth at their base
 * (their own motion says nothing of their depth), in front of whatever hides part of them. Writes into `fused`.
 */
export function placeMovers({ objects, field, reference, current, frame, fused, global, ground, translation, weight, gap }: {
  objects: MovingObject[];
  field: MotionField;
  reference: FloatImage;
  current: FloatImage;
  frame: FrameBuffers;
  fused: FloatImage;
  global: GlobalMotion;
  ground: GroundMotion;
  translation: number;
  weight: number;
  gap: number;
}): void {
  const { width } = current;
  const prior = frame.prior;
  const pr = prior.data;
  const fd = fused.data;
  const moverMask = frame.moverMask;
  moverMask.fill(0);
  const background = (y: number) => {
    const t = weight > 0 ? translation * pr[y * width]! : 0;
    return { dx: (global.dx + t * ground.dirX) * gap, dy: (global.dy + t * ground.dirY) * gap };
  };
  // Nearest first (lowest base), so that an object partly hidden behind another finds its occluder in place.
  // Static things nearer than the ground of their rows (parallax) can hide a mover's base too.
  objects.sort((p, q) => q.bottomRow - p.bottomRow);
  const occluders = { mask: frame.occluderMask, depth: frame.occluderDepth };
  occluders.depth.data.set(fd);
  occluders.mask.fill(0);
  if (weight > 0) for (let i = 0; i < fd.length; i++) occluders.mask[i] = fd[i]! > pr[i]! + 0.1 ? 1 : 0;
  const standing = frame.standing;
  standing.data.set(pr);
  for (const obj of objects) markMover({ obj, field, reference, current, background, gap, mask: moverMask, prior, standing, occluders });
  for (let i = 0; i < fd.length; i++) if (moverMask[i]) fd[i] = standing.data[i]!;
}

function markMover({ obj, field, reference, current, background, gap, mask, prior, standing, occluders }: {
  obj: { blocks: number[] };
  field: MotionField;
  reference: FloatImage;
  current: FloatImage;
  background: (y: number) => { dx: number; dy: number };
  gap: number;
  mask: Uint8Array;
  prior: FloatImage;
  standing: FloatImage;
  occluders: { mask: Uint8Array; depth: FloatImage };
}): void {
  const { width, height } = current;
  const bs = field.blockSize;
  let c0 = field.cols;
  let c1 = 0;
  let r0 = field.rows;
  let r1 = 0;
  const mx: number[] = [];
  const my: number[] = [];
  for (const b of obj.blocks) {
    const col = b % field.cols;
    const row = (b - col) / field.cols;
    c0 = Math.min(c0, col);
    c1 = Math.max(c1, col);
    r0 = Math.min(r0, row);
    r1 = Math.max(r1, row);
    mx.push(field.dx[b]!);
    my.push(field.dy[b]!);
  }
  mx.sort((a, b) => a - b);
  my.sort((a, b) => a - b);
  const rect = {
    x0: Math.max(0, field.originX + (c0 - 1) * bs),
    y0: Math.max(0, field.originY + (r0 - 1) * bs),
    x1: Math.min(width, field.originX + (c1 + 2) * bs),
    y1: Math.min(height, field.originY + (r1 + 2) * bs),
  };
  const rw = rect.x1 - rect.x0;
  const rh = rect.y1 - rect.y0;
  const seed = new Uint8Array(rw * rh);
  for (const b of obj.blocks) {
    const col = b % field.cols;
    const row = (b - col) / field.cols;
    for (let y = field.originY + row * bs; y < field.originY + (row + 1) * bs; y++) {
      for (let x = field.originX + col * bs; x < field.originX + (col + 1) * bs; x++) seed[(y - rect.y0) * rw + (x - rect.x0)] = 1;
    }
  }
  const object = { dx: mx[mx.length >> 1]! * gap, dy: my[my.length >> 1]! * gap };
  const pixels = moverPixels({ previous: reference, current, rect, object, background, seed });
  contactDepth({ mask: pixels, rect, prior, out: standing, occluders });
  for (let j = 0; j < rh; j++) {
    for (let i = 0; i < rw; i++) {
      if (!pixels[j * rw + i]) continue;
      const k = (rect.y0 + j) * width + rect.x0 + i;
      mask[k] = 1;
      occluders.mask[k] = 1;
      occluders.depth.data[k] = standing.data[k]!;
    }
  }
}
