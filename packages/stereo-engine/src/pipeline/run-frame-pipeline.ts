import { availableParallelism } from 'node:os';
import { abortError } from '@stereo-spot/ffmpeg';
import type { OutputFormat } from '@stereo-spot/shared-types';
import { frameByteLength, type Frame, type PixelFormat } from '../frame.js';
import { collectTransferables } from './collect-transferables.js';
import { decodeFrames } from './decode-frames.js';
import type { DecodedFrame } from './decode-frames.js';
import { encodeFrames } from './encode-frames.js';
import { FrameBufferPool } from './frame-buffer-pool.js';
import type { EncodableFrame, EncodeFramesOptions, EncoderSettings } from './encode-frames.js';
import type { FrameTaskInput } from './frame-task.js';
import { mapOrdered } from './map-ordered.js';
import { OrderedWorkerPool } from './ordered-worker-pool.js';
import { probeVideo } from './probe-video.js';
import type { VideoInfo } from './probe-video.js';
import { readAhead } from './read-ahead.js';

export interface FramePipelineOptions<Payload> {
  inputPath: string;
  /** MP4 with the video stream only; deleted again on failure or abort. */
  outputPath: string;
  /** Format of the frames `prepare` receives. */
  decodeFormat: PixelFormat;
  /** What the worker task returns for every frame. `sampleAspectRatio` (e.g. `1:1`) is written when given. */
  output: { width: number; height: number; format: PixelFormat; sampleAspectRatio?: string };
  /**
   * Runs on the calling thread, one frame at a time in frame order (a depth estimator is sequential and may keep
   * state), and returns what the worker task needs. Typed arrays in the payload (the frame's planes, a depth
   * map) are transferred to the worker, not copied: do not use them after returning them (see `transfer`).
   */
  prepare: (args: { frame: Frame; index: number }) => Promise<Payload> | Payload;
  /**
   * The buffers to move to the worker rather than copy. Default: every ArrayBuffer under the payload. A buffer
   * the main thread keeps using (a depth map kept for temporal smoothing, a luma plane kept for motion) must be
   * left out, or copied by `prepare`: once moved it is empty here.
   */
  transfer?: (payload: Payload) => ArrayBuffer[];
  /** The task module (see frame-task.ts) and the number of worker threads (default: available cores). */
  worker: { module: URL; concurrency?: number };
  encoder?: Partial<EncoderSettings>;
  /** ffmpeg filters between the tasks' frames and the encoder (see `EncodeFramesOptions.filters`). */
  encoderFilters?: EncodeFramesOptions['filters'];
  /** The stereo layout of the output frames, stated in the output where the encoder can (see `EncodeFramesOptions`). */
  stereoLayout?: OutputFormat;
  /** From `probeVideo(inputPath)`, when the caller already has it. */
  video?: VideoInfo;
  signal?: AbortSignal;
}

export interface FramePipelineResult {
  frames: number;
  /** Most frames alive at once between decoder and encoder (bounded, whatever the video's length). */
  maxFramesInFlight: number;
}

/** Frames decoded ahead of `prepare`, and prepared ahead of the workers: enough to smooth out uneven stages. */
const DECODE_AHEAD = 2;
const PREPARE_AHEAD = 2;

/**
 * decode (ffmpeg) → prepare (this thread, in order) → task (worker threads, in parallel) → encode (ffmpeg), all
 * running at once with a bounded queue between each stage, so every core has work and memory stays flat. Every
 * input frame gives one output frame with the input frame's timestamp (relative to the first frame), so
 * variable frame rates survive. Any failure (ffmpeg, prepare, a task, a worker crash) or an abort stops every
 * stage, kills both ffmpeg processes, terminates the workers and deletes the output, before the promise rejects.
 */
export async function runFramePipeline<Payload>(options: FramePipelineOptions<Payload>): Promise<FramePipelineResult> {
  const { signal, output } = options;
  if (signal?.aborted) throw abortError(signal);
  const video = options.video ?? (await probeVideo({ path: options.inputPath, signal }));
  // One controller for every stage: the first failure anywhere stops the others at once.
  const stop = new AbortController();
  const forwardAbort = (): void => stop.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });

  const transfer = options.transfer ?? collectTransferables;
  const concurrency = Math.max(1, Math.floor(options.worker.concurrency ?? availableParallelism()));
  // Frame buffers go round instead of being allocated per frame (3 MB per 1080p frame, 6 MB per side-by-side
  // one: fresh pages and garbage collections the encoder would pay for): decoded frames come back from the
  // workers once used, written output frames from the encoder, and each task gets one to write its output on.
  const buffers = new FrameBufferPool({ maxFree: 4 * concurrency + 4 });
  const outputBytes = frameByteLength(output);
  const pool = new OrderedWorkerPool<FrameTaskInput<Payload>, Frame>({
    module: options.worker.module,
    size: concurrency,
    name: 'frame task',
    onSpareBuffers: (spare) => spare.forEach((buffer) => buffers.give(buffer)),
  });
  let inFlight = 0;
  let maxFramesInFlight = 0;

  const decoded = decodeFrames({ path: video.path, format: options.decodeFormat, video, buffers, signal: stop.signal });
  async function* counted(frames: AsyncIterable<DecodedFrame>): AsyncGenerator<DecodedFrame> {
    for await (const frame of frames) {
      maxFramesInFlight = Math.max(maxFramesInFlight, ++inFlight);
      yield frame;
    }
  }
  async function* prepared(frames: AsyncIterable<DecodedFrame>): AsyncGenerator<{ input: FrameTaskInput<Payload>; ptsUs: number }> {
    for await (const { frame, index, ptsUs } of frames) {
      const payload = await options.prepare({ frame, index });
      yield { input: { payload, index, outputBuffer: buffers.take(outputBytes).buffer as ArrayBuffer }, ptsUs };
    }
  }
  const processed = mapOrdered(readAhead(prepared(readAhead(counted(decoded), DECODE_AHEAD)), PREPARE_AHEAD), {
    // Each worker gets a second task queued behind the one it runs, so it never waits for the main thread.
    limit: concurrency * 2,
    run: async ({ input, ptsUs }): Promise<EncodableFrame> => ({ frame: await pool.run(input, [...transfer(input.payload), input.outputBuffer!]), ptsUs }),
  });
  // A frame counts as gone once the encoder asks for the next one (its bytes are in the pipe by then).
  async function* released(frames: AsyncIterable<EncodableFrame>): AsyncGenerator<EncodableFrame> {
    for await (const frame of frames) {
      yield frame;
      inFlight--;
    }
  }

  let failed = true;
  try {
    const { frames } = await encodeFrames({
      frames: released(processed),
      outputPath: options.outputPath,
      format: output.format,
      width: output.width,
      height: output.height,
      frameDurationUs: video.frameRate ? 1e6 / video.frameRate : undefined,
      settings: options.encoder,
      colour: video.colour,
      sampleAspectRatio: output.sampleAspectRatio,
      filters: options.encoderFilters,
      stereoLayout: options.stereoLayout,
      language: video.language,
      onFrameWritten: (frame) => {
        const buffer = frame.planes[0].data.buffer;
        // One buffer holding all three planes, which nothing else can hold (it came from a worker); the pool
        // keeps it only if it is exactly the size of a frame it hands out.
        if (buffer instanceof ArrayBuffer && frame.planes.every((plane) => plane.data.buffer === buffer)) buffers.give(buffer);
      },
      signal: stop.signal,
    });
    failed = false;
    return { frames, maxFramesInFlight };
  } catch (error) {
    throw signal?.aborted ? abortError(signal) : error;
  } finally {
    signal?.removeEventListener('abort', forwardAbort);
    if (failed) stop.abort();
    // The decoder's ffmpeg must be gone before we return (its generator ends once the process has exited).
    await Promise.allSettled([decoded.return(undefined), pool.close()]);
  }
}
