import { fillTruth } from './fill-truth.ts';
import { inpaintHoles } from './inpaint-holes.ts';
import type { PictureWithTruth } from './load-aloe-truth.ts';
import type { TruthScene } from './truth-scene.ts';

export interface CameraMove {
  /**
   * How far the camera travels at the turn, in stereo baselines (the distance between the GT's two cameras): every
   * pixel moves by that share of its true disparity — left for x > 0 (camera to the right), up for y > 0.
   */
  baseline: { x: number; y: number };
  /** Zoom at the turn (0.04: 4 % larger), about the centre; 0 for none. */
  zoom?: number;
  /** Largest roll in degrees (a sine over the clip, so it goes both ways); 0 for none. */
  rollDegrees?: number;
}

/**
 * A camera moving over the picture with its real depth, as real_depth.py's `pan` (and beyond: any direction, plus
 * zoom and roll). Ping-pong: the move reverses half-way. At each frame every pixel moves by its share of its true
 * disparity (exact motion parallax), far pixels drawn first so that near ones cover them; uncovered pixels are
 * inpainted and have no truth. Zoom and roll, which do not depend on depth, then warp the whole frame (and its
 * truth, whose disparities grow with the zoom).
 */
export function makeCameraMoveScene({ aloe, frames, move }: { aloe: PictureWithTruth; frames: number; move: CameraMove }): TruthScene {
  const { picture, truth } = aloe;
  const { width, height } = picture;
  const size = width * height;
  const filled = fillTruth({ truth, width, height });
  // Far (small disparity) first, so nearer pixels overwrite.
  const order = new Uint32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  order.sort((p, q) => filled[p]! - filled[q]! || p - q);
  const half = Math.max(1, frames >> 1);
  const scene: TruthScene = { width, height, frames: [], truth: [] };
  for (let t = 0; t < frames; t++) {
    let phase = (t % (2 * half)) / half;
    phase = phase <= 1 ? phase : 2 - phase;
    const image = new Uint8Array(size);
    const hole = new Uint8Array(size).fill(1);
    const gt = new Float32Array(size).fill(Number.NaN);
    const sx = move.baseline.x * phase;
    const sy = move.baseline.y * phase;
    for (const i of order) {
      const x = i % width;
      const y = (i - x) / width;
      const x2 = Math.round(x - sx * filled[i]!);
      const y2 = Math.round(y - sy * filled[i]!);
      if (x2 < 0 || x2 >= width || y2 < 0 || y2 >= height) continue;
      const k = y2 * width + x2;
      image[k] = picture.data[i]!;
      hole[k] = 0;
      gt[k] = truth[i]!;
    }
    inpaintHoles({ data: image, hole, width, height });
    const zoom = 1 + (move.zoom ?? 0) * phase;
    const roll = (((move.rollDegrees ?? 0) * Math.PI) / 180) * Math.sin((2 * Math.PI * t) / frames);
    if (zoom !== 1 || roll !== 0) {
      const warped = zoomAndRoll({ image, gt, width, height, zoom, roll });
      scene.frames.push(warped.image);
      scene.truth.push(warped.gt);
    } else {
      scene.frames.push(image);
      scene.truth.push(gt);
    }
  }
  return scene;
}

/**
 * The frame zoomed by `zoom` and rotated by `roll` radians about its centre (sampled backwards: bilinear for the
 * picture; nearest for the truth, which must not blend across depth edges). What comes from outside the frame is
 * inpainted and has no truth.
 */
function zoomAndRoll({ image, gt, width, height, zoom, roll }: { image: Uint8Array; gt: Float32Array; width: number; height: number; zoom: number; roll: number }): { image: Uint8Array; gt: Float32Array } {
  const out = new Uint8Array(width * height);
  const outGt = new Float32Array(width * height).fill(Number.NaN);
  const hole = new Uint8Array(width * height);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const cos = Math.cos(roll) / zoom;
  const sin = Math.sin(roll) / zoom;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = y * width + x;
      // Inverse of "rotate by roll, then scale by zoom".
      const px = cx + cos * (x - cx) + sin * (y - cy);
      const py = cy - sin * (x - cx) + cos * (y - cy);
      if (px < 0 || py < 0 || px > width - 1 || py > height - 1) {
        hole[k] = 1;
        continue;
      }
      const x0 = Math.min(width - 2, Math.floor(px));
      const y0 = Math.min(height - 2, Math.floor(py));
      const fx = px - x0;
      const fy = py - y0;
      const i = y0 * width + x0;
      const top = image[i]! * (1 - fx) + image[i + 1]! * fx;
      const bottom = image[i + width]! * (1 - fx) + image[i + width + 1]! * fx;
      out[k] = Math.round(top * (1 - fy) + bottom * fy);
      outGt[k] = gt[Math.round(py) * width + Math.round(px)]! * zoom;
    }
  }
  inpaintHoles({ data: out, hole, width, height });
  return { image: out, gt: outGt };
}
