import type { OutputFormat } from '@stereo-spot/shared-types';
import { createEstimator, type EstimatorSpec } from './depth/create-estimator.js';
import { lumaFromRgb } from './depth/luma-from-rgb.js';
import { rgbFromYuv420 } from './depth/rgb-from-yuv420.js';
import type { Frame, Plane } from './frame.js';
import { layoutSize, pixelFormatFor } from './layouts/layout-size.js';
import type { EncoderSettings } from './pipeline/encode-frames.js';
import { probeVideo } from './pipeline/probe-video.js';
import { runFramePipeline } from './pipeline/run-frame-pipeline.js';
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
  signal?: AbortSignal;
}

const TASK = new URL('./render-stereo-task.ts', import.meta.url);

function rgbOf(frame: Frame): { r: Plane; g: Plane; b: Plane } {
  const [first, second, third] = frame.planes;
  return frame.format === 'gbrp' ? { g: first, b: second, r: third } : rgbFromYuv420({ y: first, u: second, v: third });
}

/**
 * 2D video in, stereo video out: decode → depth (in frame order on this thread) → view synthesis and layout
 * (worker threads) → encode. Knows nothing of queues or storage.
 */
export async function convertVideo(options: ConvertVideoOptions): Promise<{ frames: number }> {
  const { format, signal } = options;
  const params: StereoParams = { ...DEFAULT_STEREO_PARAMS, ...options.params };
  const video = await probeVideo({ path: options.inputPath, signal });
  const decodeFormat = pixelFormatFor(format);
  const size = layoutSize({ format, width: video.width, height: video.height });
  const estimator = await createEstimator(options.estimator);
  try {
    const { frames } = await runFramePipeline<StereoFramePayload>({
      inputPath: options.inputPath,
      outputPath: options.outputPath,
      video,
      decodeFormat,
      output: { ...size, format: decodeFormat },
      async prepare({ frame, index }) {
        const rgb = estimator.needsRgb || frame.format === 'gbrp' ? rgbOf(frame) : undefined;
        const luma = frame.format === 'yuv420p' ? frame.planes[0] : lumaFromRgb(rgb!);
        const depth = await estimator.estimate({ luma, rgb: estimator.needsRgb ? rgb : undefined, index });
        // The payload's buffers move to a worker; the estimator may keep its map for the next frame, so send a copy
        // (a small, low-resolution map).
        return { frame, depth: { ...depth, data: depth.data.slice() }, format, params };
      },
      worker: { module: TASK, concurrency: options.threads },
      encoder: options.encoder,
      signal,
    });
    return { frames };
  } finally {
    await estimator.close();
  }
}
