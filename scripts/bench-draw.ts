/**
 * npm run bench:draw — the stereo drawing alone (both eyes of one frame warped into a layout), on one thread.
 *
 * A decoded frame of a generated 1080p clip and a depth map with a near block over a ground gradient (so rows
 * have surfaces, breaks and holes) are drawn into each layout in a loop, after a JIT warm-up. Printed: ms of CPU
 * per frame, and as the reference measured in the same process, ms per frame of copying the frame into both
 * halves of a full side-by-side or top-bottom frame (the memory traffic any drawing has). The ratio is comparable across machines; the
 * output's hash says whether a change kept the pixels.
 *
 * Env: FRAMES (60), SIZES ("1280x720,1920x1080"), LAYOUTS ("sbs-full,sbs-half,tb-full").
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseOutputFormat, type OutputFormat } from '@stereo-spot/shared-types';
import { generateClip } from '@stereo-spot/test-kit';
import type { DepthMap, Frame } from '../packages/stereo-engine/src/frame.ts';
import { decodeFrames } from '../packages/stereo-engine/src/pipeline/decode-frames.ts';
import { DEFAULT_STEREO_PARAMS } from '../packages/stereo-engine/src/stereo-params.ts';
import { allocateFrame } from '../packages/stereo-engine/src/synthesis/allocate-frame.ts';
import { createRenderScratch, renderStereoFrame } from '../packages/stereo-engine/src/synthesis/render-stereo-frame.ts';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'bench-output', 'draw');
const frames = Number(process.env.FRAMES ?? 60);
const sizes = (process.env.SIZES ?? '1280x720,1920x1080').split(',').map((size) => size.split('x').map(Number) as [number, number]);
const layouts = (process.env.LAYOUTS ?? 'sbs-full,sbs-half,tb-full').split(',').map((name) => parseOutputFormat(name) ?? name);

async function firstFrame(width: number, height: number): Promise<Frame> {
  mkdirSync(out, { recursive: true });
  const path = join(out, `clip-${height}p.mp4`);
  if (!existsSync(path)) await generateClip({ path, durationSec: 1, width, height, fps: 30, audioTracks: 0, preset: 'veryfast' });
  for await (const { frame } of decodeFrames({ path, format: 'yuv420p' })) return frame;
  throw new Error(`no frame in ${path}`);
}

/** Depth at about a tenth of the frame's resolution, as the estimators give it: a ground gradient, a near block, ripples. */
function depthFor(width: number, height: number): DepthMap {
  const w = Math.round(width / 10);
  const h = Math.round(height / 10);
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) data[y * w + x] = 0.2 + 0.4 * (y / h) + (x > w * 0.3 && x < w * 0.6 && y > h * 0.3 && y < h * 0.75 ? 0.35 : 0) + 0.05 * Math.sin(x * 0.3);
  }
  return { width: w, height: h, data };
}

/** ms of this process's CPU per call of `run`, after `warmUp` calls. */
function cpuMsPerCall(run: () => void, count: number, warmUp = 10): number {
  for (let i = 0; i < warmUp; i++) run();
  const started = process.cpuUsage();
  for (let i = 0; i < count; i++) run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / count;
}

/** The reference: each plane of the frame copied row by row into both eye places of a full side-by-side or top-bottom frame. */
function copyIntoLayout(frame: Frame, target: Frame, vertical: boolean): void {
  frame.planes.forEach((plane, p) => {
    const into = target.planes[p]!.data;
    const { width, height } = plane;
    for (let y = 0; y < height; y++) {
      const row = plane.data.subarray(y * width, (y + 1) * width);
      if (vertical) {
        into.set(row, y * width);
        into.set(row, (y + height) * width);
      } else {
        into.set(row, y * 2 * width);
        into.set(row, y * 2 * width + width);
      }
    }
  });
}

console.log(`bench:draw — both eyes drawn into the layout on one thread, ${frames} frames after a warm-up`);
console.log('| size | layout | drawing ms/frame | copy into the layout ms/frame (reference) | ratio | output sha256 |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [width, height] of sizes) {
  const frame = await firstFrame(width, height);
  const depth = depthFor(width, height);
  for (const format of layouts as OutputFormat[]) {
    const scratch = createRenderScratch();
    let drawn: Frame | undefined;
    const drawMs = cpuMsPerCall(() => {
      drawn = renderStereoFrame({ frame, depth, format, params: DEFAULT_STEREO_PARAMS, scratch, ...(drawn ? { out: drawn } : {}) });
    }, frames);
    const vertical = format.startsWith('tb');
    const copy = allocateFrame({ format: 'yuv420p', width: vertical ? width : width * 2, height: vertical ? height * 2 : height });
    // Ten times as many copies: each is short, and a longer measurement is steadier.
    const copyMs = cpuMsPerCall(() => copyIntoLayout(frame, copy, vertical), frames * 10);
    const hash = createHash('sha256');
    for (const plane of drawn!.planes) hash.update(plane.data);
    console.log(`| ${width}x${height} | ${format} | ${drawMs.toFixed(2)} | ${copyMs.toFixed(2)} | ${(drawMs / copyMs).toFixed(1)}× | ${hash.digest('hex').slice(0, 16)} |`);
  }
}
