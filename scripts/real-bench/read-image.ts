import { ffmpegPath, ffprobePath } from '@stereo-spot/ffmpeg';
import type { Plane } from '../../packages/stereo-engine/src/frame.ts';
import { runTool } from './run-tool.ts';

/** A picture's size, read by ffprobe. */
export function imageSize(path: string): { width: number; height: number } {
  const out = runTool({ command: ffprobePath(), args: ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path] }).toString().trim();
  const [width, height] = out.split(',').map(Number) as [number, number];
  if (!(width > 0 && height > 0)) throw new Error(`cannot read the size of ${path}: ${out}`);
  return { width, height };
}

/**
 * A picture as an 8-bit gray plane (full range: a JPEG's own luma), decoded by ffmpeg; resized with area averaging
 * (OpenCV's INTER_AREA, as real_depth.py shrinks the picture) when a size is given.
 */
export function readImage({ path, size }: { path: string; size?: { width: number; height: number } }): Plane {
  const { width, height } = size ?? imageSize(path);
  const scale = size ? ['-vf', `scale=${width}:${height}:flags=area`] : [];
  const data = runTool({ command: ffmpegPath(), args: ['-v', 'error', '-i', path, ...scale, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'] });
  if (data.length !== width * height) throw new Error(`${path}: expected ${width * height} bytes of gray, got ${data.length}`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}
