import { resolve } from 'node:path';
import { runFfmpeg } from '@stereo-spot/ffmpeg';

export interface GenerateAviOptions {
  path: string;
  durationSec: number;
  width?: number;
  height?: number;
  fps?: number;
  /** ffmpeg encoder: `msmpeg4` (MS-MPEG4 v3, "DivX ;-)", as OpenCV's vtest.avi), `libx264`, `rawvideo`… */
  videoCodec?: string;
  /** Extra encoder options, e.g. `['-preset', 'veryfast']` (B-frames) or `['-pix_fmt', 'bgr24']`. */
  videoArgs?: string[];
  /** Frames [from, to) left out: ffmpeg's AVI muxer fills the gap with null frames (empty chunks), as a capture does. */
  dropFrames?: [number, number];
  /** One sine track in this codec (e.g. `pcm_s16le`, `ac3`, `mp3`); none when absent. */
  audioCodec?: string;
}

/** A real AVI of lavfi's testsrc2, in codecs and with quirks MP4 sources do not have. */
export async function generateAvi(options: GenerateAviOptions): Promise<void> {
  const { durationSec, width = 320, height = 180, fps = 25, videoCodec = 'msmpeg4' } = options;
  const args = ['-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${durationSec}`];
  if (options.audioCodec) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${durationSec}`);
  args.push('-map', '0:v');
  if (options.audioCodec) args.push('-map', '1:a', '-c:a', options.audioCodec, '-ac', '2');
  if (options.dropFrames) {
    const [from, to] = options.dropFrames;
    args.push('-vf', `select='not(between(n,${from},${to - 1}))'`, '-fps_mode', 'passthrough');
  }
  args.push('-c:v', videoCodec, ...(videoCodec === 'msmpeg4' ? ['-q:v', '3', '-g', String(2 * fps)] : []), ...(options.videoArgs ?? []));
  args.push('-f', 'avi', resolve(options.path));
  await runFfmpeg({ args });
}
