import { resolve } from 'node:path';
import { probeMedia } from './probe-media.js';
import { runFfprobeJson } from './run-ffmpeg.js';
import { findVideoStream } from './find-video-stream.js';

interface CountOptions {
  path: string;
  /** Absolute stream index; defaults to the first video stream that is not cover art. */
  streamIndex?: number;
  signal?: AbortSignal;
}

/** Packets of one video stream, read by demuxing only: fast, and what a stream copy carries. */
export async function countVideoPackets(options: CountOptions): Promise<number> {
  return countStream(options, '-count_packets', 'nb_read_packets');
}

/** Frames the decoder actually outputs for one video stream (decodes the whole stream: slow on long videos). */
export async function countVideoFrames(options: CountOptions): Promise<number> {
  return countStream(options, '-count_frames', 'nb_read_frames');
}

async function countStream(options: CountOptions, flag: string, field: string): Promise<number> {
  const path = resolve(options.path);
  const streamIndex = options.streamIndex ?? (await defaultVideoStream(path, options.signal));
  const json = (await runFfprobeJson({
    args: [flag, '-select_streams', String(streamIndex), '-show_entries', `stream=${field}`, path],
    signal: options.signal,
  })) as { streams?: Record<string, unknown>[] };
  const value = json.streams?.[0]?.[field];
  const count = Number(value);
  if (value === undefined || !Number.isSafeInteger(count)) throw new Error(`ffprobe did not count stream ${streamIndex} of ${path}`);
  return count;
}

async function defaultVideoStream(path: string, signal: AbortSignal | undefined): Promise<number> {
  const stream = findVideoStream(await probeMedia({ path, signal }));
  if (!stream) throw new Error(`${path} has no video stream`);
  return stream.index;
}
