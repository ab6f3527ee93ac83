/**
 * npm run bench:engine — speed and memory of the stereo engine alone (heuristic depth).
 *
 * For 720p and 1080p clips and the sbs-full, sbs-half and anaglyph-dubois layouts: frames per second of the
 * engine next to ffmpeg alone doing the same decode → side by side (hstack of the frame with itself, squeezed or
 * turned into an anaglyph to the same output size) → encode (same encoder settings) on the same clip, in the
 * same run. The ratio ours/ffmpeg is the figure. Then the peak memory (RSS) of the engine on a 30-second and a
 * 3-minute 1080p clip: it must not grow with the length. And where each run's CPU went, per frame: the decoder,
 * the depth estimator, the rest of the main thread (frame hand-over, garbage collection), the drawing threads,
 * Node's background threads, the encoder; with ffmpeg alone's total beside it.
 *
 * Env: BENCH_SECONDS (clip length for the fps runs, default 10), RSS_SHORT_SEC (30), RSS_LONG_SEC (180).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ffmpegPath } from '@stereo-spot/ffmpeg';
import { generateClip } from '@stereo-spot/test-kit';
import { build } from '../packages/cli/scripts/build.js';
import { measureProcess, type Measurement } from './measure-process.ts';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'bench-output', 'engine');
const runner = join(root, 'scripts', 'engine-run.ts');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const FPS = 30;
const ENCODER = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p'];

async function clip(width: number, height: number, durationSec: number): Promise<string> {
  const path = join(out, `clip-${height}p-${durationSec}s.mp4`);
  if (!existsSync(path)) {
    process.stderr.write(`generating ${path} …\n`);
    await generateClip({ path, durationSec, width, height, fps: FPS, audioTracks: 0, preset: 'veryfast', gop: 2 * FPS });
  }
  return path;
}

/** ffmpeg's own decode → side by side → encode for each layout, producing the same output size as ours. */
const REFERENCE_FILTERS: Record<string, string> = {
  'sbs-full': '[0:v]split[a][b];[a][b]hstack',
  'sbs-half': '[0:v]split[a][b];[a][b]hstack,scale=iw/2:ih',
  'anaglyph-dubois': '[0:v]split[a][b];[a][b]hstack,stereo3d=sbsl:arcd',
};

// The engine runs from JavaScript compiled as the CLI's is (packages/cli/scripts/build.js), so that start-up and
// the worker threads cost what they cost a person, not a TypeScript compilation at every start.
const compiledRunner = join(out, 'dist', 'engine-run.js');
const engine = (input: string, output: string, format: string) => measureProcess(process.execPath, [compiledRunner, input, output, format]);

await mkdir(out, { recursive: true });
await build({ main: runner, out: join(out, 'dist'), quiet: true });
const f = (n: number, d = 1) => n.toFixed(d);
const breakdowns: string[] = [];

/**
 * One row of the CPU table: each class's CPU seconds per frame (thread-cpu.ts), the depth estimator's share of
 * the main thread (engine-run.ts reports its time), and ffmpeg alone's total for the same work.
 */
function cpuBreakdown({ label, frames, ours, reference }: { label: string; frames: number; ours: Measurement; reference: Measurement }): string {
  const run = JSON.parse(ours.stdout.trim().split('\n').at(-1) ?? '{}') as { depthSeconds?: number; gcSeconds?: number };
  const ms = (sec: number) => f((sec / frames) * 1000);
  const { cpu } = ours;
  const depth = Math.min(run.depthSeconds ?? 0, cpu.main);
  const total = Object.values(cpu).reduce((a, b) => a + b, 0);
  const referenceTotal = Object.values(reference.cpu).reduce((a, b) => a + b, 0);
  return `| ${label} | ${ms(cpu['ffmpeg-decode'])} | ${ms(depth)} | ${ms(cpu.main - depth)} | ${ms(cpu.drawing)} | ${ms(cpu['node-background'])} | ${ms(cpu['ffmpeg-encode'] + cpu['ffmpeg-other'])} | ${ms(total)} | ${ms(referenceTotal)} | ${ms(run.gcSeconds ?? 0)} |`;
}
console.log(`bench:engine — heuristic depth, x264 veryfast crf 18, ${seconds}-s clips at ${FPS} fps, this machine's cores`);
console.log('| size | layout | ffmpeg fps | stereo-spot fps | ratio |');
console.log('| --- | --- | --- | --- | --- |');
for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
  const input = await clip(width, height, seconds);
  const frames = seconds * FPS;
  for (const format of Object.keys(REFERENCE_FILTERS)) {
    const reference = await measureProcess(ffmpegPath(), ['-hide_banner', '-v', 'error', '-y', '-i', input, '-filter_complex', REFERENCE_FILTERS[format]!, ...ENCODER, join(out, `ref-${height}-${format}.mp4`)]);
    const ours = await engine(input, join(out, `ours-${height}-${format}.mp4`), format);
    const refFps = frames / reference.seconds;
    const ourFps = frames / ours.seconds;
    console.log(`| ${height}p | ${format} | ${f(refFps)} | ${f(ourFps)} | ${f(ourFps / refFps, 2)} |`);
    breakdowns.push(cpuBreakdown({ label: `${height}p ${format}`, frames, ours, reference }));
  }
}

console.log('');
console.log('CPU per frame (ms), by where it went (per-thread /proc accounting of the whole run, start-up included):');
console.log('| run | decode (ffmpeg) | depth | main thread, rest | drawing threads | Node background (GC, JIT) | encode (ffmpeg) | ours in all | ffmpeg alone in all | main-thread GC pauses |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const line of breakdowns) console.log(line);

const shortSec = Number(process.env.RSS_SHORT_SEC ?? 30);
const longSec = Number(process.env.RSS_LONG_SEC ?? 180);
const short = await engine(await clip(1920, 1080, shortSec), join(out, 'rss-short.mp4'), 'sbs-full');
const long = await engine(await clip(1920, 1080, longSec), join(out, 'rss-long.mp4'), 'sbs-full');
console.log('');
console.log(`peak RSS, 1080p sbs-full: ${shortSec}-s clip ${f(short.peakRssMb)} MB (${f(short.peakTreeRssMb)} MB with ffmpeg), ${longSec}-s clip ${f(long.peakRssMb)} MB (${f(long.peakTreeRssMb)} MB with ffmpeg): growth ${f((long.peakRssMb / short.peakRssMb - 1) * 100)}%`);
