import { resolve } from 'node:path';
import { findVideoStream, probeMedia } from '@stereo-spot/ffmpeg';

/** Colour description of the source, passed on to the encoder so players show the same colours. */
export interface ColourTags {
  /** e.g. `bt709`, `smpte170m`, `bt2020nc` (ffmpeg's names). */
  space?: string;
  primaries?: string;
  transfer?: string;
  /** `tv` (limited) or `pc` (full). */
  range?: string;
}

/** What the frame pipeline needs to know about a video before decoding it. */
export interface VideoInfo {
  path: string;
  /** Absolute index of the decoded stream: the first video stream that is not cover art. */
  streamIndex: number;
  /** Size of the decoded frames: the display orientation (ffmpeg applies rotation metadata when decoding). */
  width: number;
  height: number;
  /** Average frame rate, when known (a mean for variable frame rate). */
  frameRate?: number;
  /** e.g. `1/15360`. */
  timeBase?: string;
  durationSec?: number;
  /** Rotation metadata in degrees (already applied to the decoded frames). */
  rotation: number;
  /** e.g. `1:1`, `32:27`; undefined when not stated. */
  sampleAspectRatio?: string;
  colour: ColourTags;
  /** The stream's language tag (`und` included), when it has one. */
  language?: string;
}

/** Probes `path` (one ffprobe) for the stream the pipeline decodes. Throws when there is no video stream. */
export async function probeVideo(options: { path: string; signal?: AbortSignal }): Promise<VideoInfo> {
  const path = resolve(options.path);
  const stream = findVideoStream(await probeMedia({ path, signal: options.signal }));
  if (!stream) throw new Error(`${path} has no video stream`);
  if (!stream.width || !stream.height) throw new Error(`${path}: video stream ${stream.index} has no frame size`);
  const { rotation } = stream;
  const quarterTurn = Math.abs(Math.round(rotation / 90)) % 2 === 1;
  const sar = stream.sampleAspectRatio;
  return {
    path,
    streamIndex: stream.index,
    width: quarterTurn ? stream.height : stream.width,
    height: quarterTurn ? stream.width : stream.height,
    frameRate: stream.avgFrameRate ?? stream.rFrameRate,
    timeBase: stream.timeBase,
    durationSec: stream.duration,
    rotation,
    // A quarter turn swaps the axes, so the pixel shape turns too.
    sampleAspectRatio: sar === undefined || sar === '0:1' ? undefined : quarterTurn ? sar.split(':').reverse().join(':') : sar,
    colour: {
      space: stream.colorSpace,
      primaries: stream.colorPrimaries,
      transfer: stream.colorTransfer,
      // yuvj* (full-range JPEG formats) are converted to limited range when decoded to yuv420p/gbrp-compatible
      // planes; only a range stated next to a regular format survives decoding unchanged.
      range: stream.pixFmt?.startsWith('yuvj') ? undefined : stream.colorRange,
    },
    ...(stream.language ? { language: stream.language } : {}),
  };
}
