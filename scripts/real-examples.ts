/**
 * npm run docs:real — pictures of the heuristic estimator on real footage for docs/STEREO.md: for a few frames of
 * OpenCV's sample data (the scenes `npm run bench:real` makes, in its cache), the input, the depth map (white =
 * near) and the red/cyan anaglyph the engine makes of it, side by side, in docs/images/real-*.jpg. Run
 * `npm run bench:real` first (it fetches the data and makes the scenes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ffmpegPath } from '@stereo-spot/ffmpeg';
import { convertVideo } from '@stereo-spot/stereo-engine';
import { createHeuristicEstimator } from '../packages/stereo-engine/src/depth/heuristic/heuristic-estimator.ts';
import { realBenchCacheDir } from './real-bench/cache-dir.ts';
import { readVideo } from './real-bench/read-video.ts';
import { resizeDepth } from './real-bench/resize-depth.ts';
import { runEstimator } from './real-bench/run-estimator.ts';
import { runTool } from './real-bench/run-tool.ts';

const root = resolve(import.meta.dirname, '..');
const work = join(root, 'bench-output', 'real-examples');
const images = join(root, 'docs', 'images');
const cache = realBenchCacheDir();
mkdirSync(work, { recursive: true });

/** The cached video of a bench:real scene (truth scenes are named by a hash of their frames). */
function sceneVideo(scene: string): string {
  const dir = join(cache, 'scenes', scene);
  const name = existsSync(dir) ? readdirSync(dir).find((file) => file.startsWith('ts-') && file.endsWith('.mp4')) ?? (existsSync(join(dir, 'left.mp4')) ? 'left.mp4' : undefined) : undefined;
  if (!name) throw new Error(`no video for scene ${scene} in ${dir}: run npm run bench:real first`);
  return join(dir, name);
}

/** Megamind: an animated film with shallow depth of field and moving characters (no truth). */
function megamind(): string {
  const path = join(work, 'megamind.mp4');
  if (!existsSync(path)) runTool({ command: ffmpegPath(), args: ['-v', 'error', '-y', '-i', join(cache, 'data', 'Megamind_bugy.avi'), '-c:v', 'libx264', '-crf', '16', '-pix_fmt', 'yuv420p', path] });
  return path;
}

const examples = [
  { name: 'aloe-pan', video: sceneVideo('aloe-pan-right'), frame: 20 },
  { name: 'aloe-dof', video: sceneVideo('aloe-dof'), frame: 12 },
  { name: 'vtest', video: sceneVideo('vtest'), frame: 100 },
  { name: 'megamind', video: megamind(), frame: 220 },
];

const WIDTH = 360;
for (const { name, video, frame } of examples) {
  const lumas = readVideo({ path: video, frames: frame + 1, kind: 'luma' });
  const luma = lumas[frame]!;
  let depthPixels = new Uint8Array(0);
  await runEstimator({
    estimator: createHeuristicEstimator(),
    lumas,
    use: ({ index, depth }) => {
      if (index === frame) depthPixels = Uint8Array.from(resizeDepth({ depth, width: luma.width, height: luma.height }), (v) => Math.round(255 * v));
    },
  });
  const depthRaw = join(work, `${name}-depth.gray`);
  writeFileSync(depthRaw, depthPixels);
  const anaglyph = join(work, `${name}-anaglyph.mp4`);
  await convertVideo({ inputPath: video, outputPath: anaglyph, format: 'anaglyph-dubois', estimator: { kind: 'heuristic' } });
  const out = join(images, `real-${name}.jpg`);
  const pick = `select=eq(n\\,${frame}),scale=${WIDTH}:-2`;
  const run = spawnSync(ffmpegPath(), [
    '-v', 'error', '-y', '-i', video, '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${luma.width}x${luma.height}`, '-i', depthRaw, '-i', anaglyph,
    '-filter_complex', `[0]${pick},format=rgb24[a];[1]scale=${WIDTH}:-2,format=rgb24[b];[2]${pick},format=rgb24[c];[a][b][c]hstack=3`,
    '-frames:v', '1', '-q:v', '4', out,
  ]);
  if (run.status !== 0) throw new Error(run.stderr.toString());
  console.log(`docs/images/real-${name}.jpg`);
}
