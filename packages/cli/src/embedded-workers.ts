import { join } from 'node:path';
import type { Logger } from '@stereo-spot/shared-types';
import { runTriggerCheck } from '@stereo-spot/reassembly-trigger';
import { startMediaWorker, type MediaRole } from '@stereo-spot/media-worker';
import { startVideoWorker } from '@stereo-spot/video-worker';
import { instrumentBackend, processWorkerMetrics } from '@stereo-spot/worker-runtime';
import type { WorkerBackend } from './open-backend.js';
import type { WorkerConfig } from './worker-config.js';
import type { WorkerRole } from './worker-roles.js';

export { WORKER_ROLES, type WorkerRole } from './worker-roles.js';

const MEDIA_ROLES_OF: Readonly<Record<WorkerRole, readonly MediaRole[]>> = {
  chunking: ['chunking'],
  reassembly: ['reassembly'],
  video: [],
  all: ['chunking', 'reassembly'],
};

/**
 * Starts the workers of a role on a backend, their scratch space in `<dataDir>/tmp`. First frees the messages held
 * by processes that died (embedded backend; SQS frees them by visibility timeout alone), so none waits for its
 * timeout. On the embedded backend the trigger check runs right after each SegmentCompletion write (on AWS the
 * DynamoDB stream and its Lambda do it). The workers' job status changes are counted in this process's metrics.
 */
export async function startWorkers({
  backend: plain,
  role,
  config,
  logger,
  videoConcurrency,
  dataDir,
}: {
  backend: WorkerBackend;
  role: WorkerRole;
  config: WorkerConfig;
  logger: Logger;
  videoConcurrency: number;
  dataDir: string;
}): Promise<{ released: number; stop(args?: { graceMs?: number }): Promise<void> }> {
  const released = await plain.releaseOrphanedMessages();
  const scratchDir = join(dataDir, 'tmp');
  const backend = instrumentBackend({ backend: plain, metrics: processWorkerMetrics() });
  const stoppers: Array<(args?: { graceMs?: number }) => Promise<void>> = [];
  const mediaRoles = MEDIA_ROLES_OF[role];
  if (mediaRoles.length > 0) {
    const media = startMediaWorker({
      backend,
      logger,
      workDir: join(scratchDir, 'media'),
      roles: mediaRoles,
      defaultSegmentSeconds: config.defaultSegmentSeconds,
      tuning: config.tuning,
      reassemblyLeaseSec: config.reassemblyLeaseSec,
    });
    stoppers.push((args) => media.stop(args));
  }
  if (role === 'video' || role === 'all') {
    const video = startVideoWorker({
      backend,
      logger,
      workDir: join(scratchDir, 'video'),
      concurrency: videoConcurrency,
      tuning: config.tuning,
      depthModelPath: config.depthModelPath,
      depthExecutionProvider: config.depthExecutionProvider,
      afterCompletion:
        backend.kind === 'local'
          ? ({ jobId, logger: log }) =>
              runTriggerCheck({ jobId, jobs: backend.jobs, completions: backend.completions, lock: backend.lock, reassemblyQueue: backend.queues.reassembly, logger: log })
          : undefined,
    });
    stoppers.push((args) => video.stop(args));
  }
  return {
    released,
    async stop(args) {
      await Promise.all(stoppers.map((stop) => stop(args)));
    },
  };
}
