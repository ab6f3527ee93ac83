import { resolve } from 'node:path';
import { runFfprobeJson } from './run-ffmpeg.js';

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
  // Without a stream index, one ffprobe both finds the video stream (the first that is not cover art) and counts
  // it: a second process start costs more than many short files' counting (docs/STEREO.md, "Fixed costs of a short job").
  const json = (await runFfprobeJson({
    args: [flag, '-select_streams', options.streamIndex === undefined ? 'v' : String(options.streamIndex), '-show_entries', `stream=index,${field}:stream_disposition=attached_pic`, path],
    signal: options.signal,
  })) as { streams?: (Record<string, unknown> & { disposition?: Record<string, unknown> })[] };
  const streams = json.streams ?? [];
  const stream = options.streamIndex === undefined ? streams.find((candidate) => candidate.disposition?.attached_pic !== 1) : streams[0];
  if (!stream) throw new Error(`${path} has no video stream`);
  const value = stream[field];
  const count = Number(value);
  if (value === undefined || !Number.isSafeInteger(count)) throw new Error(`ffprobe did not count stream ${String(stream.index ?? options.streamIndex)} of ${path}`);
  return count;
}
