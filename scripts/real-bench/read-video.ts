import { ffmpegPath } from '@stereo-spot/ffmpeg';
import type { Plane } from '../../packages/stereo-engine/src/frame.ts';
import { imageSize } from './read-image.ts';
import { runTool } from './run-tool.ts';

/**
 * A clip's first `frames` frames as 8-bit planes, each in its own buffer as the decoder hands them over.
 * `luma`: the Y plane as stored (limited range) — what the pipeline gives the estimator (`planes[0]` of yuv420p);
 * `gray`: full-range gray, as OpenCV's BGR→gray that real_depth.py's footage scorer reads the source with.
 */
export function readVideo({ path, frames, kind }: { path: string; frames?: number; kind: 'luma' | 'gray' }): Plane[] {
  const { width, height } = imageSize(path);
  const count = frames === undefined ? [] : ['-frames:v', String(frames)];
  // extractplanes copies Y untouched; -pix_fmt gray alone would stretch it to full range.
  const filter = kind === 'luma' ? ['-vf', 'extractplanes=y'] : [];
  const raw = runTool({ command: ffmpegPath(), args: ['-v', 'error', '-i', path, ...filter, ...count, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'] });
  const size = width * height;
  const planes: Plane[] = [];
  for (let k = 0; k + size <= raw.length; k += size) planes.push({ data: new Uint8Array(raw.subarray(k, k + size)), width, height });
  return planes;
}
