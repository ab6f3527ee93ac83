import { resolve } from 'node:path';
import { countVideoFrames, findVideoStream, probeMedia, runFfprobeJson } from '@stereo-spot/ffmpeg';
import type { MediaProbe, MediaStream } from '@stereo-spot/ffmpeg';

export interface InspectedMedia {
  /** Frames the decoder outputs (not what the container claims). */
  videoFrames: number;
  videoDurationSec: number;
  videoStartSec: number;
  audioStreams: { codec: string; durationSec: number; startSec: number; language?: string; title?: string }[];
  subtitleStreams: { codec: string; language?: string }[];
  width: number;
  height: number;
  formatName: string;
  tags: Record<string, string>;
}

/** What a test asserts about a produced file: decoded frame count, stream list, durations. */
export async function inspectMedia(path: string): Promise<InspectedMedia> {
  const probe = await probeMedia({ path });
  const video = findVideoStream(probe);
  if (!video) throw new Error(`${path} has no video stream`);
  return {
    videoFrames: await countVideoFrames({ path, streamIndex: video.index }),
    videoDurationSec: streamDuration(video, probe),
    videoStartSec: video.startTime ?? 0,
    audioStreams: probe.streams
      .filter((s) => s.codecType === 'audio')
      .map((s) => ({ codec: s.codecName ?? 'unknown', durationSec: streamDuration(s, probe), startSec: s.startTime ?? 0, language: s.language, title: s.title })),
    subtitleStreams: probe.streams.filter((s) => s.codecType === 'subtitle').map((s) => ({ codec: s.codecName ?? 'unknown', language: s.language })),
    width: video.width ?? 0,
    height: video.height ?? 0,
    formatName: probe.formatName,
    tags: probe.tags,
  };
}

/** Presentation times (seconds) of every decoded frame of the first video stream, in output order. */
export async function listVideoFrameTimes(path: string): Promise<number[]> {
  const probe = await probeMedia({ path });
  const video = findVideoStream(probe);
  if (!video) throw new Error(`${path} has no video stream`);
  const json = (await runFfprobeJson({
    args: ['-select_streams', String(video.index), '-show_entries', 'frame=best_effort_timestamp_time', resolve(path)],
  })) as { frames?: { best_effort_timestamp_time?: string }[] };
  return (json.frames ?? []).map((frame) => Number(frame.best_effort_timestamp_time));
}

/**
 * Matroska has no per-stream duration field; ffmpeg writes a DURATION tag (HH:MM:SS.nnnnnnnnn) instead, which
 * holds the stream's end time.
 */
function streamDuration(stream: MediaStream, probe: MediaProbe): number {
  if (stream.duration !== undefined) return stream.duration;
  const tag = Object.entries(stream.tags).find(([key]) => key.toUpperCase() === 'DURATION')?.[1];
  const match = tag ? /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(tag) : null;
  if (match) return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) - (stream.startTime ?? 0);
  return probe.duration ?? 0;
}
