/**
 * npm run bench:pipeline — the pipeline's overhead and memory.
 *
 * Generates 1080p H.264+AAC clips (cached under bench-output/), then in one run:
 *  - wall time of `stereo-spot convert` (pass-through model) on the 2-minute clip, next to `ffmpeg -c copy`
 *    of the same clip: the ratio is what chunking, queues, storage and reassembly cost;
 *  - peak memory (RSS) of the convert process and of its whole process tree (ffmpeg children included) for a
 *    1-minute and a 4-minute clip: it must not grow with the video's length.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateClip } from '@stereo-spot/test-kit';
import { ffmpegPath } from '@stereo-spot/ffmpeg';

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

async function readKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function descendants(pid: number): Promise<number[]> {
  const found: number[] = [];
  const children = async (parent: number) => {
    for (const task of await readdir(`/proc/${parent}/task`).catch(() => [] as string[])) {
      const text = await readFile(`/proc/${parent}/task/${task}/children`, 'utf8').catch(() => '');
      for (const child of text.split(' ').filter(Boolean).map(Number)) {
        found.push(child);
        await children(child);
      }
    }
  };
  await children(pid);
  return found;
}

/** Runs a command, returning wall time and peak RSS (the process itself, and the sum over its tree). */
async function measure(command: string, args: string[]): Promise<{ seconds: number; peakRssMb: number; peakTreeRssMb: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let peakSelf = 0;
  let peakTree = 0;
  const poll = setInterval(async () => {
    const pid = child.pid;
    if (!pid) return;
    peakSelf = Math.max(peakSelf, await readKb(pid, 'VmHWM'));
    let tree = await readKb(pid, 'VmRSS');
    for (const descendant of await descendants(pid)) tree += await readKb(descendant, 'VmRSS');
    peakTree = Math.max(peakTree, tree);
  }, 100);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(poll);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, peakRssMb: peakSelf / 1024, peakTreeRssMb: peakTree / 1024 };
}

async function convertOnce(input: string, name: string) {
  const dataDir = join(out, `data-${name}`);
  await rm(dataDir, { recursive: true, force: true });
  const result = await measure(process.execPath, [cli, 'convert', input, '-o', join(out, `${name}.sbs.mp4`), '--data-dir', dataDir, '--segment-seconds', String(SEGMENT_SECONDS), '--workers', '2']);
  await rm(dataDir, { recursive: true, force: true });
  return result;
}

await mkdir(out, { recursive: true });
const twoMinutes = await clip(120);
const oneMinute = await clip(60);
const fourMinutes = await clip(240);

const reference = await measure(ffmpegPath(), ['-hide_banner', '-v', 'error', '-y', '-i', twoMinutes, '-map', '0', '-c', 'copy', join(out, 'reference-copy.mp4')]);
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
