import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { abortError } from '@stereo-spot/ffmpeg';
import type { OutputFormat } from '@stereo-spot/shared-types';
import type { Frame, PixelFormat } from '../frame.js';
import { planeSizes } from '../frame.js';
import { spawnFfmpegStream } from './ffmpeg-stream-process.js';
import { swscaleColourOptions } from './swscale-colour.js';
import { framePackingParams } from './frame-packing.js';
import { MkvRawWriter } from './mkv-raw-writer.js';
import type { ColourTags } from './probe-video.js';

export interface EncoderSettings {
  codec: 'x264' | 'x265';
  /** Constant rate factor: lower is better quality and bigger files. */
  crf: number;
  /** x264/x265 speed preset: `ultrafast` … `veryslow`. */
  preset: string;
}

export const DEFAULT_ENCODER_SETTINGS: EncoderSettings = { codec: 'x264', crf: 18, preset: 'veryfast' };

export interface EncodableFrame {
  frame: Frame;
  /** Presentation time in microseconds; must increase from frame to frame. */
  ptsUs: number;
}

export interface EncodeFramesOptions {
  frames: AsyncIterable<EncodableFrame>;
  /** An MP4 file holding only the video stream; deleted again if encoding fails or is aborted. */
  outputPath: string;
  /** Every frame must have exactly this format and size. */
  format: PixelFormat;
  width: number;
  height: number;
  /** Nominal frame duration (from the source's average rate): the encoder's rate-control hint. */
  frameDurationUs?: number;
  settings?: Partial<EncoderSettings>;
  /** The source's colour description, written into the output (and used to convert planar RGB back to YUV). */
  colour?: ColourTags;
  /** e.g. `1:1`; stated in the output when given. */
  sampleAspectRatio?: string;
  /** The stereo layout the frames are packed in, stated in the H.264 stream where it can be (see H264_FRAME_PACKING). */
  stereoLayout?: OutputFormat;
  /**
   * The video track's language (ISO 639-2) as the source states it; `und` when not given. Frames come through a
   * Matroska pipe, whose default language (eng) would otherwise end up in the output.
   */
  language?: string;
  /**
   * ffmpeg filters the frames go through before encoding (an anaglyph made by `stereo3d`, say): `chain` in
   * filtergraph syntax, the frame size it outputs, and whether it outputs RGB (converted back to the output's
   * YUV with the video's matrix, like gbrp frames).
   */
  filters?: { chain: string[]; width: number; height: number; rgb: boolean };
  /** Called once a frame's bytes are in the pipe: its buffers are free from then on (e.g. for recycling). */
  onFrameWritten?: (frame: Frame) => void;
  signal?: AbortSignal;
}

/**
 * Encodes frames to MP4 (H.264 or HEVC) with their exact timestamps: they go to ffmpeg's stdin as Matroska raw
 * video (see MkvRawWriter) and come out with `-fps_mode passthrough`, so variable frame rates survive. Writes wait
 * for the pipe to drain: frames are consumed only as fast as the encoder takes them. Output is yuv420p, or yuv444p
 * when a dimension is odd (x264/x265 cannot do 4:2:0 at odd sizes).
 */
export async function encodeFrames(options: EncodeFramesOptions): Promise<{ frames: number }> {
  const { format, width, height, signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const outputPath = resolve(options.outputPath);
  const writer = new MkvRawWriter({ format, width, height, frameDurationUs: options.frameDurationUs });
  const ffmpeg = spawnFfmpegStream({ args: encoderArgs({ ...options, outputPath }), stdin: true });
  const stdin = ffmpeg.stdin as Writable;

  // Whatever is pending (a write, the next frame) gives way as soon as ffmpeg is gone or the caller aborts.
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<'stopped'>((resolvePromise) => {
    void ffmpeg.exited.then(() => resolvePromise('stopped'));
    onAbort = () => {
      ffmpeg.kill();
      resolvePromise('stopped');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

  const iterator = options.frames[Symbol.asyncIterator]();
  let count = 0;
  let finished = false;
  try {
    await write(stdin, [writer.header()], stopped);
    for (;;) {
      const next = await Promise.race([iterator.next(), stopped]);
      if (next === 'stopped') break;
      if (next.done) {
        finished = true;
        break;
      }
      const { frame, ptsUs } = next.value;
      checkFrame(frame, { format, width, height }, count);
      const onWritten = options.onFrameWritten && ((): void => options.onFrameWritten?.(frame));
      await write(stdin, [writer.frameHeader(ptsUs), ...frame.planes.map((plane) => plane.data)], stopped, onWritten);
      count++;
    }
    if (finished) stdin.end();
    const failure = await ffmpeg.exited;
    if (signal?.aborted) throw abortError(signal);
    if (failure) throw failure;
    if (!finished) throw new Error('ffmpeg (encoder) exited before all frames were written');
    return { frames: count };
  } catch (error) {
    ffmpeg.kill();
    await ffmpeg.exited;
    await rm(outputPath, { force: true });
    if (!finished) void iterator.return?.().catch(() => {});
    throw signal?.aborted ? abortError(signal) : error;
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** One frame's chunks in one writev (cork), then wait for the pipe if it is full. The data is not copied. */
async function write(stream: Writable, chunks: Uint8Array[], stopped: Promise<'stopped'>, onWritten?: () => void): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return;
  stream.cork();
  let ok = true;
  chunks.forEach((chunk, i) => {
    // The callback of a failed write also runs (with an error): then the data is not needed either.
    ok = i === chunks.length - 1 && onWritten ? stream.write(chunk, () => onWritten()) : stream.write(chunk);
  });
  stream.uncork();
  if (!ok && !stream.destroyed) {
    await Promise.race([new Promise<void>((resolveDrain) => stream.once('drain', resolveDrain)), stopped]);
  }
}

function checkFrame(frame: Frame, expected: { format: PixelFormat; width: number; height: number }, index: number): void {
  const wrong = (what: string): Error =>
    new Error(`frame ${index} cannot be encoded: ${what} (expected ${expected.width}x${expected.height} ${expected.format})`);
  if (frame.format !== expected.format || frame.width !== expected.width || frame.height !== expected.height) {
    throw wrong(`it is ${frame.width}x${frame.height} ${frame.format}`);
  }
  const sizes = planeSizes(expected);
  frame.planes.forEach((plane, i) => {
    const size = sizes[i]!;
    if (plane.width !== size.width || plane.height !== size.height || plane.data.length !== size.width * size.height) {
      throw wrong(`plane ${i} is ${plane.width}x${plane.height} with ${plane.data.length} bytes`);
    }
  });
}

function encoderArgs(options: EncodeFramesOptions & { outputPath: string }): string[] {
  const settings = { ...DEFAULT_ENCODER_SETTINGS, ...options.settings };
  const { format, colour = {} } = options;
  const { width, height } = options.filters ?? options;
  const pixFmt = width % 2 === 0 && height % 2 === 0 ? 'yuv420p' : 'yuv444p';
  const filters: string[] = [...(options.filters?.chain ?? [])];
  // RGB → YUV with the matrix and range the output is tagged with.
  if (options.filters ? options.filters.rgb : format === 'gbrp') filters.push(`scale=${swscaleColourOptions({ colour, side: 'out' })}`);
  filters.push(`format=${pixFmt}`);
  if (options.sampleAspectRatio) filters.push(`setsar=${options.sampleAspectRatio.replace(':', '/')}`);
  const packing = framePackingParams({ layout: options.stereoLayout, codec: settings.codec });
  const codec =
    settings.codec === 'x265'
      ? ['-c:v', 'libx265', '-tag:v', 'hvc1', '-x265-params', 'log-level=error']
      : ['-c:v', 'libx264', ...(packing ? ['-x264-params', packing] : [])];
  const tags: string[] = [];
  if (colour.space) tags.push('-colorspace', colour.space);
  if (colour.primaries) tags.push('-color_primaries', colour.primaries);
  if (colour.transfer) tags.push('-color_trc', colour.transfer);
  if (colour.range || format === 'gbrp') tags.push('-color_range', format === 'gbrp' ? (colour.range === 'pc' ? 'pc' : 'tv') : colour.range!);
  return [
    '-hide_banner', '-nostdin', '-v', 'error',
    '-f', 'matroska', '-i', 'pipe:0',
    '-map', '0:v:0',
    '-vf', filters.join(','),
    ...codec,
    '-preset', settings.preset,
    '-crf', String(settings.crf),
    ...tags,
    // Keep every frame and its exact time: without these ffmpeg would snap times to a 1/rate grid.
    '-fps_mode', 'passthrough',
    '-enc_time_base', '1:1000000',
    // The source's nominal rate for the encoder (rate control), instead of one guessed from microsecond
    // timestamps. With passthrough it moves no timestamp; the last frame lasts one nominal frame.
    ...(options.frameDurationUs ? ['-r', String(1e6 / options.frameDurationUs)] : []),
    '-metadata:s:v:0', `language=${options.language ?? 'und'}`,
    '-f', 'mp4',
    '-y', options.outputPath,
  ];
}
