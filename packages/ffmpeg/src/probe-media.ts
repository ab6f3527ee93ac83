import { resolve } from 'node:path';
import { runFfprobeJson } from './run-ffmpeg.js';

export interface MediaStream {
  index: number;
  /** `video`, `audio`, `subtitle`, `data`, `attachment`. */
  codecType: string;
  codecName?: string;
  width?: number;
  height?: number;
  /** Average frame rate (frames / duration); for variable frame rate this is the mean. */
  avgFrameRate?: number;
  /** The lowest frame rate that represents every timestamp (the "real base" rate). */
  rFrameRate?: number;
  /** Frame count the container states (MP4 sample count); absent in Matroska and MPEG-TS. */
  nbFrames?: number;
  startTime?: number;
  duration?: number;
  /** e.g. `1/15360`: the unit of the stream's timestamps. */
  timeBase?: string;
  channels?: number;
  sampleRate?: number;
  language?: string;
  title?: string;
  /** Video: e.g. `yuv420p`, `yuvj420p`. */
  pixFmt?: string;
  /** Video: pixel shape, e.g. `1:1`, `32:27` (`0:1` when unknown). */
  sampleAspectRatio?: string;
  /** Video colour description (ffmpeg's names: `bt709`, `tv`…). */
  colorSpace?: string;
  colorPrimaries?: string;
  colorTransfer?: string;
  colorRange?: string;
  /** Video: the display matrix's rotation in degrees (0 when none). */
  rotation: number;
  /** Cover art stored as a one-frame video stream. */
  attachedPic: boolean;
  isDefault: boolean;
  tags: Record<string, string>;
}

export interface MediaProbe {
  /** ffprobe's demuxer name list, e.g. `mov,mp4,m4a,3gp,3g2,mj2` or `matroska,webm`. */
  formatName: string;
  duration?: number;
  startTime?: number;
  streams: MediaStream[];
  tags: Record<string, string>;
}

/** Container and stream facts of a local file (ffprobe -show_format -show_streams). Throws FfmpegError as is. */
export async function probeMedia(options: { path: string; signal?: AbortSignal }): Promise<MediaProbe> {
  const json = (await runFfprobeJson({
    args: ['-show_format', '-show_streams', resolve(options.path)],
    signal: options.signal,
  })) as RawProbe;
  const format = json.format ?? {};
  return {
    formatName: String(format.format_name ?? ''),
    duration: parseNumber(format.duration),
    startTime: parseNumber(format.start_time),
    streams: (json.streams ?? []).map(toMediaStream),
    tags: toTags(format.tags),
  };
}

interface RawProbe {
  format?: Record<string, unknown> & { tags?: Record<string, unknown> };
  streams?: RawStream[];
}
type RawStream = Record<string, unknown> & { disposition?: Record<string, unknown>; tags?: Record<string, unknown>; side_data_list?: Record<string, unknown>[] };

function toMediaStream(raw: RawStream): MediaStream {
  const tags = toTags(raw.tags);
  return {
    index: Number(raw.index),
    codecType: String(raw.codec_type ?? 'unknown'),
    codecName: typeof raw.codec_name === 'string' ? raw.codec_name : undefined,
    width: parseNumber(raw.width),
    height: parseNumber(raw.height),
    avgFrameRate: parseRate(raw.avg_frame_rate),
    rFrameRate: parseRate(raw.r_frame_rate),
    nbFrames: parseNumber(raw.nb_frames),
    startTime: parseNumber(raw.start_time),
    duration: parseNumber(raw.duration),
    timeBase: typeof raw.time_base === 'string' ? raw.time_base : undefined,
    channels: parseNumber(raw.channels),
    sampleRate: parseNumber(raw.sample_rate),
    language: tagValue(tags, 'language'),
    title: tagValue(tags, 'title'),
    pixFmt: known(raw.pix_fmt),
    sampleAspectRatio: known(raw.sample_aspect_ratio),
    colorSpace: known(raw.color_space),
    colorPrimaries: known(raw.color_primaries),
    colorTransfer: known(raw.color_transfer),
    colorRange: known(raw.color_range),
    rotation: Number(raw.side_data_list?.find((data) => data.rotation !== undefined)?.rotation ?? 0) || 0,
    attachedPic: raw.disposition?.attached_pic === 1,
    isDefault: raw.disposition?.default === 1,
    tags,
  };
}

function toTags(raw: Record<string, unknown> | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw ?? {})) tags[key] = String(value);
  return tags;
}

/** Tag keys differ in case between containers (`language` in MP4, `LANGUAGE` in some Matroska files). */
function tagValue(tags: Record<string, string>, key: string): string | undefined {
  const found = Object.keys(tags).find((k) => k.toLowerCase() === key);
  const value = found === undefined ? undefined : tags[found];
  return value === undefined || value === '' ? undefined : value;
}

/** ffprobe says `unknown` / `N/A` / nothing for unset text values. */
function known(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'unknown' && value !== 'N/A' ? value : undefined;
}

/** ffprobe prints numbers as strings and unknowns as "N/A". */
export function parseNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '' || value === 'N/A') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** "30000/1001" → 29.97…; "0/0" (unknown) → undefined. */
export function parseRate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const [num, den] = value.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num) || num <= 0) return undefined;
  if (den === undefined) return num;
  return Number.isFinite(den) && den > 0 ? num / den : undefined;
}
