import { convertVideo, type EstimatorSpec } from '@stereo-spot/stereo-engine';
import type { SegmentModel } from './segment-model.js';

/** Real 2D-to-3D conversion of a segment with the stereo engine and the given depth estimator. */
export function createStereoModel({ estimator }: { estimator: () => EstimatorSpec }): SegmentModel {
  return {
    async convert({ inputPath, outputPath, format, options, signal, logger, onProgress }) {
      const started = Date.now();
      const { frames, depthSeconds } = await convertVideo({
        inputPath,
        outputPath,
        format,
        estimator: estimator(),
        params: {
          ...(options.divergence === undefined ? {} : { divergence: options.divergence }),
          ...(options.convergence === undefined ? {} : { convergence: options.convergence }),
        },
        encoder: {
          ...(options.codec === undefined ? {} : { codec: options.codec }),
          ...(options.crf === undefined ? {} : { crf: options.crf }),
          ...(options.preset === undefined ? {} : { preset: options.preset }),
        },
        signal,
        ...(onProgress ? { onProgress } : {}),
      });
      const seconds = (Date.now() - started) / 1000;
      logger.info({ frames, seconds, fps: frames / Math.max(seconds, 1e-3), depth: options.depth, depth_seconds: depthSeconds, format }, 'stereo conversion done');
      return { frames };
    },
  };
}
