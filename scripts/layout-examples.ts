/**
 * npm run docs:layouts — one example frame of every output layout, made by the engine, for docs/images/, and a
 * small copy of each for the web form's format help (packages/web-ui/static/layouts/).
 * Input: a stereo-bench scene (textured billboards on a ground plane) when STEREO_BENCH_DIR or
 * ../shared/stereo-bench exists, else a generated test clip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ffmpegPath } from '@stereo-spot/ffmpeg';
import { OUTPUT_FORMATS } from '@stereo-spot/shared-types';
import { convertVideo } from '@stereo-spot/stereo-engine';
import { generateClip } from '@stereo-spot/test-kit';

const root = resolve(import.meta.dirname, '..');
const work = join(root, 'bench-output', 'layouts');
const images = join(root, 'docs', 'images');
mkdirSync(work, { recursive: true });
mkdirSync(images, { recursive: true });

const bench = resolve(process.env.STEREO_BENCH_DIR ?? join(root, '..', 'shared', 'stereo-bench'));
const input = join(work, 'left.mp4');
if (existsSync(join(bench, 'gen.mjs'))) {
  const run = spawnSync(process.execPath, [join(bench, 'gen.mjs'), '--scene', 'pan-right', '--seed', '3', '--w', '640', '--h', '360', '--frames', '24', '--out', work], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(1);
} else {
  await generateClip({ path: input, durationSec: 1, width: 640, height: 360, fps: 24, audioTracks: 0 });
}

const png = (from: string, to: string) => {
  const run = spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-i', from, '-vf', 'select=eq(n\\,20),scale=w=min(iw\\,640):h=-2', '-q:v', '4', '-frames:v', '1', to]);
  if (run.status !== 0) throw new Error(run.stderr.toString());
};
png(input, join(images, 'layout-source.jpg'));
const thumbnails = join(root, 'packages', 'web-ui', 'static', 'layouts');
mkdirSync(thumbnails, { recursive: true });
/** 240 pixels wide: a picture beside each format in the form, a few kilobytes each. */
const thumbnail = (from: string, to: string) => {
  const run = spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-i', from, '-vf', 'scale=240:-2', '-q:v', '5', to]);
  if (run.status !== 0) throw new Error(run.stderr.toString());
};
for (const format of OUTPUT_FORMATS) {
  const output = join(work, `${format}.mp4`);
  await convertVideo({ inputPath: input, outputPath: output, format, estimator: { kind: 'heuristic' } });
  png(output, join(images, `layout-${format}.jpg`));
  thumbnail(join(images, `layout-${format}.jpg`), join(thumbnails, `${format}.jpg`));
  console.log(`docs/images/layout-${format}.jpg`);
}
