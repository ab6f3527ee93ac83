import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ffmpegPath } from '@stereo-spot/ffmpeg';
import type { Plane } from '../../packages/stereo-engine/src/frame.ts';
import { readVideo } from './read-video.ts';
import { runTool } from './run-tool.ts';
import type { TruthScene } from './truth-scene.ts';

/**
 * The scene's frames as the estimator gets them from a real file: encoded with libx264 (crf 12, yuv420p, as
 * real_depth.py writes its scenes) and decoded back to luma planes. The mp4 is cached in `dir`, named by a hash of
 * the frames, so a changed scene is encoded afresh and never paired with stale truth. (Not `left.mp4`: that name
 * belongs to run.sh's own scene, made with OpenCV, in the same folder.)
 */
export function compressScene({ scene, dir }: { scene: TruthScene; dir: string }): Plane[] {
  const { width, height } = scene;
  const hash = createHash('sha1');
  hash.update(`${width}x${height}`);
  for (const frame of scene.frames) hash.update(frame);
  const name = `ts-${hash.digest('hex').slice(0, 12)}.mp4`;
  const path = join(dir, name);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    for (const old of readdirSync(dir)) if (old.startsWith('ts-') && old.endsWith('.mp4')) rmSync(join(dir, old));
    const partial = `${path}.part.mp4`;
    runTool({
      command: ffmpegPath(),
      args: ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, '-r', '24', '-i', 'pipe:0', '-c:v', 'libx264', '-crf', '12', '-pix_fmt', 'yuv420p', partial],
      input: Buffer.concat(scene.frames),
    });
    // Renamed when complete: an interrupted run leaves no half-written cache entry.
    renameSync(partial, path);
  }
  return readVideo({ path, kind: 'luma' });
}
