import { abortError } from '@stereo-spot/ffmpeg';
import type { Frame, PixelFormat } from '../frame.js';
import { frameByteLength, planeSizes } from '../frame.js';
import { spawnFfmpegStream } from './ffmpeg-stream-process.js';
import { FrameBufferPool } from './frame-buffer-pool.js';
import { probeVideo } from './probe-video.js';
import type { VideoInfo } from './probe-video.js';
import { TimestampQueue, parseShowinfoLine } from './showinfo-timestamps.js';

export interface DecodedFrame {
  frame: Frame;
  /** 0, 1, 2, … in presentation order. */
  index: number;
  /**
   * Presentation time in whole microseconds relative to the first decoded frame (which is 0). Exact to 1 µs for
   * variable frame rates too: it is the decoder's own timestamp, not index / rate.
   */
  ptsUs: number;
}

export interface DecodeFramesOptions {
  path: string;
  format: PixelFormat;
  /** From `probeVideo`, when the caller probed already (it needs the size before the first frame). */
  video?: VideoInfo;
  /** Where frame buffers come from; give them back when done to save allocations. Default: a private pool. */
  buffers?: FrameBufferPool;
  signal?: AbortSignal;
}

/**
 * Decodes the first video stream that is not cover art into raw frames, in presentation order, each exactly once
 * (`-fps_mode passthrough`: nothing dropped or duplicated). Streams: ffmpeg writes into a pipe that is only read
 * when the consumer asks for the next frame, so at most one frame (plus the 64 KB pipe) is held here whatever the
 * video's length. Stopping early (`break`, `return()`) or aborting kills ffmpeg; the generator finishes only once
 * the process is gone.
 *
 * Every frame has its own buffer, never written again by the decoder: frames are handed to other threads
 * (transferred). It comes from `buffers`, which may hold recycled ones. The planes are views of one ArrayBuffer
 * (`frame.planes[0].data.buffer`, exactly the frame's size), Y/G first.
 */
export async function* decodeFrames(options: DecodeFramesOptions): AsyncGenerator<DecodedFrame, void, undefined> {
  const { format, signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const video = options.video ?? (await probeVideo({ path: options.path, signal }));
  const { width, height } = video;
  const sizes = planeSizes({ format, width, height });
  const frameBytes = frameByteLength({ format, width, height });
  const timestamps = new TimestampQueue();
  const buffers = options.buffers ?? new FrameBufferPool();

  const ffmpeg = spawnFfmpegStream({
    args: [
      '-hide_banner', '-nostdin', '-nostats',
      // showinfo reports at info level; `level` tags every line so real errors can be told from chatter.
      '-loglevel', 'level+info',
      '-i', video.path,
      '-map', `0:${video.streamIndex}`,
      // scale pins every frame to the probed size (a mid-stream size change would otherwise change the frame
      // size on the pipe); it does nothing when size and format already match.
      '-vf', `scale=${width}:${height},format=${format},settb=AVTB,showinfo=checksum=0`,
      '-fps_mode', 'passthrough',
      '-an', '-sn', '-dn',
      '-f', 'rawvideo', '-pix_fmt', format,
      'pipe:1',
    ],
    stdout: true,
    filterStderrLine: (line) => {
      const info = parseShowinfoLine(line);
      if (info) {
        timestamps.push(info.ptsUs);
        return undefined;
      }
      return keepProblemLine(line);
    },
  });
  void ffmpeg.exited.then(() => timestamps.end());
  const onAbort = (): void => ffmpeg.kill();
  signal?.addEventListener('abort', onAbort, { once: true });

  let buffer = buffers.take(frameBytes);
  try {
    let index = 0;
    let firstPtsUs: number | undefined;
    let previousPtsUs = 0;
    let filled = 0;
    for await (const chunk of ffmpeg.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(chunk.length - offset, frameBytes - filled);
        buffer.set(chunk.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled < frameBytes) continue;

        const pts = await timestamps.next();
        if (pts === undefined) throw new Error(`ffmpeg gave no timestamp for frame ${index} of ${video.path}`);
        let ptsUs: number;
        if (Number.isNaN(pts)) {
          // A frame without a timestamp: place it one nominal frame after the previous one.
          ptsUs = index === 0 ? 0 : previousPtsUs + Math.round(1e6 / (video.frameRate ?? 25));
        } else {
          firstPtsUs ??= pts;
          ptsUs = pts - firstPtsUs;
        }
        previousPtsUs = ptsUs;
        yield { frame: toFrame(buffer, format, sizes, width, height), index, ptsUs };
        index++;
        buffer = buffers.take(frameBytes);
        filled = 0;
      }
    }
    const failure = await ffmpeg.exited;
    if (signal?.aborted) throw abortError(signal);
    if (failure) throw failure;
    if (filled !== 0) throw new Error(`ffmpeg wrote a partial frame (${filled} of ${frameBytes} bytes) for ${video.path}`);
  } finally {
    buffers.give(buffer.buffer as ArrayBuffer); // the one being filled was never handed out
    signal?.removeEventListener('abort', onAbort);
    ffmpeg.kill();
    await ffmpeg.exited;
  }
  if (signal?.aborted) throw abortError(signal);
}

function toFrame(buffer: Uint8Array, format: PixelFormat, sizes: ReturnType<typeof planeSizes>, width: number, height: number): Frame {
  let offset = 0;
  const planes = sizes.map((size) => {
    const data = buffer.subarray(offset, offset + size.width * size.height);
    offset += data.length;
    return { data, width: size.width, height: size.height };
  }) as Frame['planes'];
  return { format, width, height, planes };
}

/**
 * With `-loglevel level+info` lines look like `[h264 @ 0x…] [error] message`. Informational ones are dropped;
 * warnings and errors are kept without the level tag (the error summary reads `[x @ 0x…] message`).
 */
function keepProblemLine(line: string): string | undefined {
  const match = /^((?:\[[^\]]* @ [^\]]+\] )*)\[(\w+)\] ?(.*)$/.exec(line);
  if (!match) return line; // untagged: continuation lines and anything unexpected
  const level = match[2];
  if (level === 'info' || level === 'verbose' || level === 'debug' || level === 'trace') return undefined;
  return `${match[1]}${match[3]}`;
}
