import type { OutputFormat } from '@stereo-spot/shared-types';
import { createEstimator, type EstimatorSpec } from './depth/create-estimator.js';
import { warmUpEstimator } from './depth/warm-up-estimator.js';
import { rgbFromYuv420 } from './depth/rgb-from-yuv420.js';
import { renderPlan } from './layouts/render-plan.js';
import type { EncoderSettings } from './pipeline/encode-frames.js';
import { probeVideo } from './pipeline/probe-video.js';
import { runFramePipeline } from './pipeline/run-frame-pipeline.js';
import { threadCpuMs } from './pipeline/thread-cpu-ms.js';
import type { StereoFramePayload } from './render-stereo-task.js';
import { DEFAULT_STEREO_PARAMS, type StereoParams } from './stereo-params.js';

export interface ConvertVideoOptions {
  inputPath: string;
  /** A video-only MP4 in the `format` layout, with the input's frame count and timestamps. */
  outputPath: string;
  format: OutputFormat;
  estimator: EstimatorSpec;
  params?: Partial<StereoParams>;
  encoder?: Partial<EncoderSettings>;
  /** Worker threads for view synthesis (default: every core). */
  threads?: number;
  /** Called with the number of frames whose depth is done (in order), for progress reports; keep it cheap. */
  onProgress?: (framesDone: number) => void;
  signal?: AbortSignal;
}

const TASK = new URL('./render-stereo-task.ts', import.meta.url);

/**
 * 2D video in, stereo video out: decode → depth (in frame order on this thread, the estimator warmed up on the
 * first frames when it wants that, while the pipeline starts) → view synthesis and layout
 * (worker threads) → encode (with ffmpeg filters when the plan has any: see `renderPlan`). Knows nothing of
 * queues or storage.
 */
export interface ConvertVideoResult {
  frames: number;
  /** CPU time of the depth estimator (on this thread; `threadCpuMs`): its share of the conversion. */
  depthSeconds: number;
}

export async function convertVideo(options: ConvertVideoOptions): Promise<ConvertVideoResult> {
  const { format, signal } = options;
  const params: StereoParams = { ...DEFAULT_STEREO_PARAMS, ...options.params };
  const video = await probeVideo({ path: options.inputPath, signal });
  const plan = renderPlan({ format, video });
  const decodeFormat = plan.pixelFormat;
  const estimator = await createEstimator(options.estimator);
  // The warm-up runs while the pipeline starts its worker threads and ffmpeg processes (start-up that is mostly
  // waiting): the first frame's depth waits for it, nothing else does.
  const warmedUp = warmUpEstimator({ estimator, video, signal });
  let depthMs = 0;
  warmedUp.catch(() => {}); // a failure is reported by the first `prepare`, which awaits it
  try {
    const { frames } = await runFramePipeline<StereoFramePayload>({
      inputPath: options.inputPath,
      outputPath: options.outputPath,
      video,
      decodeFormat,
      output: { ...plan.drawSize, format: decodeFormat },
      encoderFilters: plan.encoderFilters,
      stereoLayout: format,
      async prepare({ frame, index }) {
        await warmedUp;
        // Every plan decodes yuv420p: luma as it is, RGB only for estimators that need it (a neural network).
        const [y, u, v] = frame.planes;
        const started = threadCpuMs();
        const depth = await estimator.estimate({ luma: y, rgb: estimator.needsRgb ? rgbFromYuv420({ y, u, v }) : undefined, index });
        depthMs += threadCpuMs() - started;
        options.onProgress?.(index + 1);
        // The payload's buffers move to a worker; the estimator may keep its map for the next frame, so send a copy
        // (a small, low-resolution map).
        return { frame, depth: { ...depth, data: depth.data.slice() }, format: plan.draw, params };
      },
      worker: { module: TASK, concurrency: options.threads },
      encoder: options.encoder,
      signal,
    });
    return { frames, depthSeconds: depthMs / 1000 };
  } finally {
    // Not closed under a warm-up still running (when the pipeline failed before its first frame).
    await warmedUp.catch(() => {});
    await estimator.close();
  }
}
