/**
 * npm run bench:depth — speed of the heuristic depth estimator alone, on one thread.
 *
 * For 720p and 1080p: a stereo-bench `mixed` scene (slow pan, textured ground and wall, moving billboards: every
 * cue of the estimator is exercised) is generated once, decoded to luma planes in memory, and the estimator runs
 * over every frame (after a few warm-up frames for the JIT). Printed: ms per frame of the estimator and, as the
 * reference measured in the same process, ms per frame of merely reading every byte of the luma plane once —
 * the ratio is comparable across machines.
 *
 * Env: STEREO_BENCH_DIR (default ../shared/stereo-bench next to the repository), SCENE (mixed; `static` has no
 * camera motion, so the single-frame cue runs on every frame: the slowest case), FRAMES (120), SIZES
 * ("1280x720,1920x1080"), ROUNDS (3: passes over the clip, each from a fresh estimator).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ffmpegPath } from '@stereo-spot/ffmpeg';
import { createHeuristicEstimator } from '../packages/stereo-engine/src/depth/heuristic/heuristic-estimator.ts';
import type { Plane } from '../packages/stereo-engine/src/frame.ts';

const root = resolve(import.meta.dirname, '..');
const bench = resolve(process.env.STEREO_BENCH_DIR ?? join(root, '..', 'shared', 'stereo-bench'));
const out = join(root, 'bench-output', 'depth');
const frames = Number(process.env.FRAMES ?? 120);
const sizes = (process.env.SIZES ?? '1280x720,1920x1080').split(',');
const rounds = Number(process.env.ROUNDS ?? 3);
const scene = process.env.SCENE ?? 'mixed';
const WARMUP = 10;

function run(command: string, args: string[]): Buffer {
  const result = spawnSync(command, args, { maxBuffer: 4 * 1024 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.toString().slice(-2000)}`);
  return result.stdout;
}

/** The clip's luma planes, one Uint8Array each (generated with stereo-bench on first use, then cached). */
function lumaPlanes({ width, height }: { width: number; height: number }): Plane[] {
  const dir = join(out, `${scene}-${width}x${height}-${frames}`);
  if (!existsSync(join(dir, 'left.mp4'))) {
    process.stderr.write(`generating ${dir} …\n`);
    run(process.execPath, [join(bench, 'gen.mjs'), '--scene', scene, '--seed', '1', '--w', String(width), '--h', String(height), '--frames', String(frames), '--fps', '24', '--out', dir]);
  }
  const raw = run(ffmpegPath(), ['-v', 'error', '-i', join(dir, 'left.mp4'), '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
  const size = width * height;
  const planes: Plane[] = [];
  // Each plane in its own buffer, as the decoder hands them over.
  for (let k = 0; k + size <= raw.length; k += size) planes.push({ data: new Uint8Array(raw.subarray(k, k + size)), width, height });
  return planes;
}

/** Reads every byte of the plane once (a word at a time where aligned, as a fast consumer would). */
function touch(plane: Plane): number {
  const { data } = plane;
  let sum = 0;
  const words = data.byteOffset % 4 === 0 ? data.length >> 2 : 0;
  const view = new Uint32Array(data.buffer, data.byteOffset, words);
  // XOR keeps the accumulator a small integer (a sum of Uint32 words would leave the int32 range and slow V8 down).
  for (let q = 0; q < words; q++) sum ^= view[q]!;
  for (let i = words << 2; i < data.length; i++) sum ^= data[i]!;
  return sum;
}

/** ms per frame over `rounds` passes: the best pass, and the mean over all of them (garbage collection included). */
async function msPerFrame(planes: Plane[], work: (plane: Plane) => void | Promise<void>, passes = rounds): Promise<{ best: number; mean: number }> {
  let best = Infinity;
  let total = 0;
  for (let round = 0; round < passes; round++) {
    const start = process.hrtime.bigint();
    for (const plane of planes) await work(plane);
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / planes.length;
    best = Math.min(best, ms);
    total += ms;
  }
  return { best, mean: total / passes };
}

mkdirSync(out, { recursive: true });
const f = (n: number, d = 2) => n.toFixed(d);
console.log(`bench:depth — heuristic estimator, one thread, stereo-bench ${scene} scene, ${frames} frames, best of ${rounds} passes`);
console.log('| size | estimator ms/frame (best pass) | estimator ms/frame (all passes) | read luma once ms/frame (reference) | ratio (best) |');
console.log('| --- | --- | --- | --- | --- |');
let sink = 0;
for (const size of sizes) {
  const [width, height] = size.split('x').map(Number) as [number, number];
  const planes = lumaPlanes({ width, height });
  const warm = createHeuristicEstimator();
  for (let i = 0; i < WARMUP; i++) await warm.estimate({ luma: planes[i % planes.length]!, index: i });
  // The reference is short and sensitive to other processes' memory traffic: more passes, the best one counts.
  const reference = await msPerFrame(planes, (plane) => {
    sink ^= touch(plane);
  }, 10);
  // A fresh estimator per pass: the clip is one shot, played from its first frame.
  let estimator = createHeuristicEstimator();
  let index = 0;
  const estimate = await msPerFrame(planes, async (plane) => {
    if (index === planes.length) {
      estimator = createHeuristicEstimator();
      index = 0;
    }
    await estimator.estimate({ luma: plane, index: index++ });
  });
  console.log(`| ${width}x${height} | ${f(estimate.best)} | ${f(estimate.mean)} | ${f(reference.best, 3)} | ${f(estimate.best / reference.best, 0)}× |`);
}
if (sink === 0.5) console.log(''); // keeps the reference loop from being optimised away
