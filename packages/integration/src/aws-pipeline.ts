import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openAwsBackend, type AwsBackend, type AwsRequestCounter } from '@stereo-spot/aws-adapters';
import { startMediaWorker } from '@stereo-spot/media-worker';
import { createStreamHandler } from '@stereo-spot/reassembly-trigger';
import { silentLogger, type DepthModel, type Job, type Logger } from '@stereo-spot/shared-types';
import { startVideoWorker, type SegmentModel } from '@stereo-spot/video-worker';
import type { QueueTuning } from '@stereo-spot/worker-runtime';
import type { AwsEmulators } from './aws-emulators.js';
import { createAwsTestStack, type AwsTestStack } from './aws-test-stack.js';
import { startStreamLambda, type StreamLambdaRunner } from './stream-lambda-runner.js';

export interface AwsPipeline {
  stack: AwsTestStack;
  backend: AwsBackend;
  lambda: StreamLambdaRunner;
  workDir: string;
  /** Polls the job until it is completed or failed (or the timeout passes). */
  waitForJob(jobId: string, timeoutMs?: number): Promise<Job>;
  stop(): Promise<void>;
}

/**
 * The deployed shape on the emulators: one stack, the same workers as on one machine (chunking, reassembly,
 * video, unchanged: only the backend differs), and the real trigger Lambda fed by the SegmentCompletions stream.
 */
export async function startAwsPipeline({
  emulators,
  videoWorkers = 2,
  mediaWorkers = 1,
  tuning = { visibilityTimeoutSec: 20, waitSeconds: 1, retryBaseSec: 0.2 },
  maxReceiveCount = 4,
  requestCounter,
  logger = silentLogger(),
  startWorkers = true,
  duplicateEvents = false,
  models,
}: {
  emulators: AwsEmulators;
  videoWorkers?: number;
  mediaWorkers?: number;
  tuning?: QueueTuning;
  maxReceiveCount?: number;
  requestCounter?: AwsRequestCounter;
  logger?: Logger;
  startWorkers?: boolean;
  duplicateEvents?: boolean;
  /** Segment models by depth estimator (default: the real ones; tests use `passthrough`). */
  models?: Readonly<Record<DepthModel, SegmentModel>>;
}): Promise<AwsPipeline> {
  const stack = await createAwsTestStack({ emulators, maxReceiveCount, visibilityTimeoutSec: tuning.visibilityTimeoutSec ?? 20, duplicateEvents });
  const backend = await openAwsBackend({ config: stack.config, ...(requestCounter ? { requestCounter } : {}) });
  const workDir = await mkdtemp(join(tmpdir(), 'stereo-spot-aws-'));
  const stoppers: Array<() => Promise<void>> = [];
  if (startWorkers) {
    for (let i = 0; i < mediaWorkers; i += 1) {
      const media = startMediaWorker({ backend, logger, workDir: join(workDir, `media-${i}`), defaultSegmentSeconds: 1, tuning });
      stoppers.push(() => media.stop({ graceMs: 1000 }));
    }
    if (videoWorkers > 0) {
      const video = startVideoWorker({ backend, logger, workDir: join(workDir, 'video'), concurrency: videoWorkers, tuning, ...(models ? { models } : {}) });
      stoppers.push(() => video.stop({ graceMs: 1000 }));
    }
  }
  const lambda = await startStreamLambda({ dynamoEndpoint: emulators.dynamoEndpoint, tableName: stack.segmentCompletionsTable, handler: createStreamHandler({ backend, logger }) });
  return {
    stack,
    backend,
    lambda,
    workDir,
    async waitForJob(jobId, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await backend.jobs.get(jobId);
        if (job && (job.status === 'completed' || job.status === 'failed')) return job;
        if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job?.status ?? 'missing'} after ${timeoutMs} ms`);
        await sleep(100);
      }
    },
    async stop() {
      await Promise.all(stoppers.map((stop) => stop()));
      await lambda.stop();
      await backend.close();
      await stack.dispose();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
