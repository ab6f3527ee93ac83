import { deadLettersOf, QueueWorker, type QueueTuning } from '@stereo-spot/worker-runtime';
import type { Backend, DepthModel, Logger } from '@stereo-spot/shared-types';
import type { SegmentModel } from './segment-model.js';
import { createSegmentModels } from './segment-models.js';
import { createVideoHandler } from './video-handler.js';

export interface VideoWorkerOptions {
  backend: Backend;
  logger: Logger;
  workDir: string;
  /** Segments converted at once in this process. */
  concurrency?: number;
  models?: Readonly<Record<DepthModel, SegmentModel>>;
  /** The ONNX model file for `onnx` jobs. */
  depthModelPath?: string;
  /** Where that model runs (`cuda` on GPU nodes). */
  depthExecutionProvider?: 'cpu' | 'cuda';
  afterCompletion?: (args: { jobId: string; logger: Logger }) => Promise<unknown>;
  tuning?: QueueTuning;
}

/** Starts `concurrency` consumer loops on the video-worker queue; `stop()` ends them all. */
export function startVideoWorker(options: VideoWorkerOptions): { stop(args?: { graceMs?: number }): Promise<void> } {
  const handler = createVideoHandler({
    backend: options.backend,
    models: options.models ?? createSegmentModels({ depthModelPath: options.depthModelPath, executionProvider: options.depthExecutionProvider }),
    workDir: options.workDir,
    afterCompletion: options.afterCompletion,
  });
  // One loop watches the dead-letter queue; the others would only duplicate its work.
  const deadLetters = deadLettersOf({ backend: options.backend, name: 'video-worker' });
  const loops = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, (_, index) =>
    new QueueWorker({
      queue: options.backend.queues['video-worker'],
      deadLetters: index === 0 ? deadLetters : undefined,
      handler,
      jobs: options.backend.jobs,
      logger: options.logger.child({ worker: `video-${index}` }),
      tuning: options.tuning,
    }).start(),
  );
  return {
    async stop(args) {
      await Promise.all(loops.map((loop) => loop.stop(args)));
    },
  };
}
