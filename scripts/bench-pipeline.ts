/**
 * npm run bench:pipeline — the pipeline's overhead and memory.
 *
 * Generates 1080p H.264+AAC clips (cached under bench-output/), then in one run:
 *  - wall time of `stereo-spot convert` (pass-through model) on the 2-minute clip, next to `ffmpeg -c copy`
 *    of the same clip: the ratio is what chunking, queues, storage and reassembly cost;
 *  - peak memory (RSS) of the convert process and of its whole process tree (ffmpeg children included) for a
 *    1-minute and a 4-minute clip: it must not grow with the video's length.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateClip } from '@stereo-spot/test-kit';
import { ffmpegPath } from '@stereo-spot/ffmpeg';
import { measureProcess } from './measure-process.ts';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'bench-output');
const cli = join(root, 'packages/cli/bin/stereo-spot.js');
const SEGMENT_SECONDS = Number(process.env.BENCH_SEGMENT_SECONDS ?? 30);

async function clip(durationSec: number): Promise<string> {
  const path = join(out, `clip-1080p-${durationSec}s.mp4`);
  if (!existsSync(path)) {
    process.stderr.write(`generating ${path} …\n`);
    await generateClip({ path, durationSec, width: 1920, height: 1080, fps: 30, audioTracks: 1, gop: 60, preset: 'ultrafast' });
  }
  return path;
}

async function convertOnce(input: string, name: string) {
  const dataDir = join(out, `data-${name}`);
  await rm(dataDir, { recursive: true, force: true });
  const result = await measureProcess(process.execPath, [cli, 'convert', input, '-o', join(out, `${name}.sbs.mp4`), '--data-dir', dataDir, '--segment-seconds', String(SEGMENT_SECONDS), '--workers', '2', '--depth', 'passthrough']);
  await rm(dataDir, { recursive: true, force: true });
  return result;
}

await mkdir(out, { recursive: true });
const twoMinutes = await clip(120);
const oneMinute = await clip(60);
const fourMinutes = await clip(240);

const reference = await measureProcess(ffmpegPath(), ['-hide_banner', '-v', 'error', '-y', '-i', twoMinutes, '-map', '0', '-c', 'copy', join(out, 'reference-copy.mp4')]);
const pipeline = await convertOnce(twoMinutes, 'two-minutes');
const short = await convertOnce(oneMinute, 'one-minute');
const long = await convertOnce(fourMinutes, 'four-minutes');

const f = (n: number) => n.toFixed(2);
console.log(`bench:pipeline (1920x1080 30 fps H.264+AAC, segments of ${SEGMENT_SECONDS} s, pass-through model, 2 video workers)`);
console.log(`  ffmpeg -c copy, 2-min clip     ${f(reference.seconds)} s`);
console.log(`  stereo-spot convert, 2-min     ${f(pipeline.seconds)} s   overhead ratio ${f(pipeline.seconds / reference.seconds)}x`);
console.log(`  peak RSS convert 1-min clip    ${f(short.peakRssMb)} MB (process)  ${f(short.peakTreeRssMb)} MB (with ffmpeg children)`);
console.log(`  peak RSS convert 4-min clip    ${f(long.peakRssMb)} MB (process)  ${f(long.peakTreeRssMb)} MB (with ffmpeg children)`);
console.log(`  memory growth 1-min → 4-min    ${f(long.peakRssMb / short.peakRssMb)}x (process)`);
// Where the 2-minute conversion's CPU went (thread-cpu.ts): with the pass-through model it is the pipeline's own
// cost — chunking and joining (ffmpeg), the Node process (queues, storage, hand-over) — against ffmpeg's copy.
const cpu = (seconds: number) => `${seconds.toFixed(2)} s`;
console.log(
  `  CPU, 2-min convert             Node main ${cpu(pipeline.cpu.main)}, Node background ${cpu(pipeline.cpu['node-background'])}, ffmpeg ${cpu(pipeline.cpu['ffmpeg-decode'] + pipeline.cpu['ffmpeg-encode'] + pipeline.cpu['ffmpeg-other'])}; ffmpeg -c copy ${cpu(Object.values(reference.cpu).reduce((a, b) => a + b, 0))}`,
);
