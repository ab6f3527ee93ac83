import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ffmpegPath } from '@stereo-spot/ffmpeg';
import { runTool } from './run-tool.ts';

/**
 * The first 12 s of OpenCV's street video (still camera, people walking), re-encoded exactly as run.sh does
 * (libx264 crf 16) into the same file, `scenes/vtest/left.mp4`: both tools feed their estimator the same input and
 * reuse each other's file.
 */
export function prepareVtest({ dataDir, cacheDir }: { dataDir: string; cacheDir: string }): string {
  const dir = join(cacheDir, 'scenes', 'vtest');
  const path = join(dir, 'left.mp4');
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const partial = join(dir, 'ts-partial.mp4');
  runTool({ command: ffmpegPath(), args: ['-v', 'error', '-y', '-i', join(dataDir, 'vtest.avi'), '-t', '12', '-c:v', 'libx264', '-crf', '16', '-pix_fmt', 'yuv420p', partial] });
  renameSync(partial, path);
  return path;
}
