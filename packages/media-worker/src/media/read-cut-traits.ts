import { resolve } from 'node:path';
import { runFfprobeJson } from '@stereo-spot/ffmpeg';

/** Packets looked at to tell whether the container gives presentation times. */
const SAMPLE_PACKETS = 32;

export interface CutTraits {
  /** The decoder's pixel format, e.g. `yuv420p`, `rgb24`; undefined when ffprobe does not know it. */
  pixFmt?: string;
  width: number;
  height: number;
  /**
   * False when most packets come without a presentation time: AVI with B-frames, raw elementary streams. A
   * stream copy of those gets its display times wrong (frames shown in decoding order) and cannot be cut.
   */
  hasPresentationTimes: boolean;
}

/** What `splitVideo` needs to know of the video stream to choose between a stream copy and a re-encode. */
export async function readCutTraits(options: { path: string; streamIndex: number; signal?: AbortSignal }): Promise<CutTraits> {
  const json = (await runFfprobeJson({
    args: [
      '-select_streams', String(options.streamIndex),
      '-read_intervals', `%+#${SAMPLE_PACKETS}`,
      '-show_entries', 'stream=pix_fmt,width,height:packet=pts',
      resolve(options.path),
    ],
    signal: options.signal,
  })) as { streams?: { pix_fmt?: string; width?: number; height?: number }[]; packets?: { pts?: number }[] };
  const stream = json.streams?.[0] ?? {};
  const packets = json.packets ?? [];
  const timed = packets.filter((packet) => typeof packet.pts === 'number').length;
  return {
    ...(stream.pix_fmt && stream.pix_fmt !== 'unknown' ? { pixFmt: stream.pix_fmt } : {}),
    width: Number(stream.width ?? 0),
    height: Number(stream.height ?? 0),
    // Some containers (MPEG-TS) time only some packets and the parser fills in the rest: only "mostly untimed" counts.
    hasPresentationTimes: packets.length === 0 || timed * 2 >= packets.length,
  };
}
