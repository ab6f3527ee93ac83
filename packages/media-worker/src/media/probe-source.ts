import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { countVideoPackets, FfmpegError, findVideoStream, probeMedia, runFfmpeg } from '@stereo-spot/ffmpeg';
import type { MediaProbe, MediaStream } from '@stereo-spot/ffmpeg';
import { InvalidInputError, sourceFactsSchema } from '@stereo-spot/shared-types';
import type { SourceFacts } from '@stereo-spot/shared-types';
import { describeUnreadableInput, undecodableVideo } from './input-failure.js';

/** The largest picture side converted (8K): a larger frame would exhaust a worker's memory, and the two views double it. */
export const MAX_PICTURE_SIDE = 8192;

/** Demuxers whose stated frame count includes null frames (see below). */
const STATES_NULL_FRAMES = /^avi$/;

/** Demuxers that read a single picture: a JPEG or PNG renamed .mp4 opens as a one-frame "video". */
const STILL_IMAGE_FORMAT = /(^|,)(image2|[a-z0-9]+_pipe)(,|$)/;

/**
 * Learns what the chunking worker needs to know of an uploaded file, and proves the video can be decoded.
 * Everything wrong with the file itself becomes an `InvalidInputError` whose message a person can act on;
 * an abort, or ffprobe missing from the machine, is thrown as is.
 */
export async function probeSource(options: { path: string; signal?: AbortSignal }): Promise<{ facts: SourceFacts; videoStreamIndex: number }> {
  const path = resolve(options.path);
  const { signal } = options;
  if ((await stat(path)).size === 0) throw new InvalidInputError('the file is empty');

  let probe: MediaProbe;
  try {
    probe = await probeMedia({ path, signal });
  } catch (error) {
    if (error instanceof FfmpegError) throw await describeUnreadableInput(path, error);
    throw error;
  }
  if (STILL_IMAGE_FORMAT.test(probe.formatName)) throw new InvalidInputError('the file is a still image, not a video');
  const video = findVideoStream(probe);
  if (!video) {
    const onlyCover = probe.streams.some((s) => s.codecType === 'video' && s.attachedPic);
    throw new InvalidInputError(onlyCover ? 'the file has no video stream (only a cover picture)' : 'the file has no video stream');
  }
  if (!video.width || !video.height) throw new InvalidInputError('the video stream has no picture size');
  // Checked before anything decodes a frame: a few kilobytes can declare a picture of gigabytes.
  if (video.width > MAX_PICTURE_SIDE || video.height > MAX_PICTURE_SIDE) {
    throw new InvalidInputError(`the video is ${video.width}×${video.height} pixels; the largest supported is ${MAX_PICTURE_SIDE} pixels on each side (8K)`);
  }

  try {
    // Opening is not decoding: a file can have a perfect index and broken frames.
    await runFfmpeg({ args: ['-i', path, '-map', `0:${video.index}`, '-frames:v', '1', '-f', 'null', '-'], signal });
  } catch (error) {
    if (error instanceof FfmpegError) throw await undecodableVideo({ error, path, streamIndex: video.index, signal });
    throw error;
  }

  // MP4 states its sample count; Matroska and MPEG-TS do not, so count packets (demuxing only, no decoding). AVI
  // states one, but it counts "null frames" too (empty chunks that repeat the frame before, where a capture
  // dropped frames), which the demuxer skips and no decoder outputs: count its packets, the frames there are.
  const frameCount = (!STATES_NULL_FRAMES.test(probe.formatName) && video.nbFrames) || (await countVideoPackets({ path, streamIndex: video.index, signal }));
  if (frameCount === 0) throw new InvalidInputError('the video stream has no frames');
  const fps = frameRate(video, frameCount, probe);
  if (!fps) throw new InvalidInputError('the video frame rate is unknown');

  const facts: SourceFacts = {
    duration_sec: video.duration ?? probe.duration ?? frameCount / fps,
    fps,
    width: video.width,
    height: video.height,
    video_codec: video.codecName ?? 'unknown',
    frame_count: frameCount,
    video_start_sec: video.startTime ?? 0,
    audio_streams: probe.streams
      .filter((s) => s.codecType === 'audio')
      .map((s) => ({ index: s.index, codec: s.codecName ?? 'unknown', ...optional('channels', s.channels), ...optional('language', s.language) })),
    subtitle_streams: probe.streams
      .filter((s) => s.codecType === 'subtitle')
      .map((s) => ({ index: s.index, codec: s.codecName ?? 'unknown', ...optional('language', s.language) })),
  };
  return { facts: sourceFactsSchema.parse(facts), videoStreamIndex: video.index };
}

/** The average rate (the mean for variable frame rate); the container's base rate or frames ÷ duration when unknown. */
function frameRate(video: MediaStream, frameCount: number, probe: MediaProbe): number | undefined {
  if (video.avgFrameRate) return video.avgFrameRate;
  if (video.rFrameRate) return video.rFrameRate;
  const duration = video.duration ?? probe.duration;
  return duration ? frameCount / duration : undefined;
}

/** Leaves a key out rather than storing `undefined` (stores that serialise records tell the two apart). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
