/**
 * npm run bench:quality — stereo quality of `stereo-spot convert` measured with stereo-bench (synthetic scenes
 * with known depth; see its README). For every scene × size × seed: generate the 2D input, convert it with the
 * full pipeline (several segments, several workers), score the side-by-side output. Then the half and
 * top-bottom layouts once, and the engine alone (one segment) against the pipeline on the same input.
 *
 * Env: STEREO_BENCH_DIR (default ../shared/stereo-bench next to the repository), SEEDS (default "1,2,3"),
 * SIZES (default "640x360,1280x720"), FRAMES (48), DEPTH (heuristic), QUALITY_OUT (markdown table file).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bench = resolve(process.env.STEREO_BENCH_DIR ?? join(root, '..', 'shared', 'stereo-bench'));
const out = join(root, 'bench-output', 'quality');
const cli = join(root, 'packages/cli/bin/stereo-spot.js');
const seeds = (process.env.SEEDS ?? '1,2,3').split(',').map(Number);
const sizes = (process.env.SIZES ?? '640x360,1280x720').split(',');
const frames = Number(process.env.FRAMES ?? 48);
const depth = process.env.DEPTH ?? 'heuristic';
const scenes = ['pan-right', 'pan-left', 'static', 'mixed'];

interface Metrics { ordinal: number; spearman: number; strength: number; flicker: number }

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return result.stdout;
}

function generate({ scene, seed, size }: { scene: string; seed: number; size: string }): string {
  const [w, h] = size.split('x');
  const dir = join(out, `${scene}-${seed}-${size}`);
  run(process.execPath, [join(bench, 'gen.mjs'), '--scene', scene, '--seed', String(seed), '--w', w!, '--h', h!, '--frames', String(frames), '--out', dir]);
  return dir;
}

/** stereo-bench writes one keyframe per clip; segments need more, so the input gets one every 12 frames (near-lossless). */
function withKeyframes(dir: string): string {
  const path = join(dir, 'left-gop12.mp4');
  run(process.env.FFMPEG_PATH ?? 'ffmpeg', ['-v', 'error', '-y', '-i', join(dir, 'left.mp4'), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '8', '-g', '12', '-pix_fmt', 'yuv420p', path]);
  return path;
}

function convert({ dir, format, segmentSeconds, workers, name }: { dir: string; format: string; segmentSeconds: number; workers: number; name: string }): string {
  const output = join(dir, `${name}.mp4`);
  const dataDir = join(dir, `data-${name}`);
  run(process.execPath, [cli, 'convert', withKeyframes(dir), '-o', output, '--format', format, '--depth', depth, '--segment-seconds', String(segmentSeconds), '--workers', String(workers), '--data-dir', dataDir]);
  rmSync(dataDir, { recursive: true, force: true });
  return output;
}

function score({ dir, output, layout }: { dir: string; output: string; layout: string }): Metrics {
  const stdout = run(process.execPath, [join(bench, 'score.mjs'), '--scene', dir, '--output', output, '--layout', layout, '--json']);
  const report = JSON.parse(stdout.split('\n')[0]!) as { metrics: Metrics };
  return report.metrics;
}

const f = (n: number, d = 3) => (Number.isFinite(n) ? n.toFixed(d) : 'nan');
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

mkdirSync(out, { recursive: true });
// 48 frames at 24 fps = 2 s: segments of 0.5 s give 4 segments (keyframes permitting), converted by 2 workers.
const PIPELINE = { segmentSeconds: 0.5, workers: 2 };
say(`stereo-bench quality, --depth ${depth}, divergence 2.0% (strength target 1.4–2.6%), ${frames} frames, pipeline: segments of ${PIPELINE.segmentSeconds} s, ${PIPELINE.workers} workers`);
say('');
say(row(['scene', 'size', 'seed', 'ordinal', 'spearman', 'strength %', 'flicker']));
say(row(['---', '---', '---', '---', '---', '---', '---']));
const failures: string[] = [];
for (const size of sizes) {
  for (const scene of scenes) {
    for (const seed of seeds) {
      const dir = generate({ scene, seed, size });
      const metrics = score({ dir, output: convert({ dir, format: 'sbs-full', name: 'sbs-full', ...PIPELINE }), layout: 'sbs-full' });
      say(row([scene, size, String(seed), f(metrics.ordinal), f(metrics.spearman), f(metrics.strength, 2), f(metrics.flicker)]));
      const minOrdinal = scene.startsWith('pan') ? 0.9 : 0.75;
      if (!(metrics.ordinal >= minOrdinal)) failures.push(`${scene} ${size} seed ${seed}: ordinal ${f(metrics.ordinal)} < ${minOrdinal}`);
      if (!(metrics.flicker <= 0.05)) failures.push(`${scene} ${size} seed ${seed}: flicker ${f(metrics.flicker)} > 0.05`);
      if (!(metrics.strength >= 1.4 && metrics.strength <= 2.6)) failures.push(`${scene} ${size} seed ${seed}: strength ${f(metrics.strength, 2)}% outside 1.4–2.6%`);
    }
  }
}

say('');
say('Other layouts (pan-right, seed 1, first size):');
say('');
say(row(['layout', 'ordinal', 'spearman', 'strength %', 'flicker']));
say(row(['---', '---', '---', '---', '---']));
const layoutDir = generate({ scene: 'pan-right', seed: 1, size: sizes[0]! });
for (const layout of ['sbs-half', 'tb-full', 'tb-half', 'cross']) {
  const metrics = score({ dir: layoutDir, output: convert({ dir: layoutDir, format: layout, name: layout, ...PIPELINE }), layout });
  say(row([layout, f(metrics.ordinal), f(metrics.spearman), f(metrics.strength, 2), f(metrics.flicker)]));
}

say('');
say('Engine alone (one segment, one worker) vs the pipeline (several segments and workers), mixed, seed 2, first size:');
say('');
say(row(['run', 'ordinal', 'spearman', 'strength %', 'flicker']));
say(row(['---', '---', '---', '---', '---']));
const sameDir = generate({ scene: 'mixed', seed: 2, size: sizes[0]! });
const alone = score({ dir: sameDir, output: convert({ dir: sameDir, format: 'sbs-full', name: 'alone', segmentSeconds: 3600, workers: 1 }), layout: 'sbs-full' });
const pipeline = score({ dir: sameDir, output: convert({ dir: sameDir, format: 'sbs-full', name: 'pipeline', ...PIPELINE }), layout: 'sbs-full' });
say(row(['engine, 1 segment', f(alone.ordinal), f(alone.spearman), f(alone.strength, 2), f(alone.flicker)]));
say(row([`pipeline, ${PIPELINE.workers} workers`, f(pipeline.ordinal), f(pipeline.spearman), f(pipeline.strength, 2), f(pipeline.flicker)]));

say('');
say(failures.length === 0 ? 'all targets met' : `targets missed:\n${failures.map((line) => `- ${line}`).join('\n')}`);
if (process.env.QUALITY_OUT) writeFileSync(process.env.QUALITY_OUT, `${lines.join('\n')}\n`);
process.exit(failures.length === 0 ? 0 : 1);
