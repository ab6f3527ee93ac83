import type { Backend, Logger } from '@stereo-spot/shared-types';
import { deadLettersOf, QueueWorker, type MessageHandler, type QueueTuning } from '@stereo-spot/worker-runtime';
import { createChunkingHandler } from './chunking-handler.js';
import { createReassemblyHandler } from './reassembly-handler.js';

export const MEDIA_ROLES = ['chunking', 'reassembly'] as const;
export type MediaRole = (typeof MEDIA_ROLES)[number];

export interface MediaWorkerOptions {
  backend: Backend;
  logger: Logger;
  workDir: string;
  /** Both loops in one process by default, or one role alone. */
  roles?: readonly MediaRole[];
  defaultSegmentSeconds?: number;
  tuning?: QueueTuning;
  /** How long a reassembly lease outlives its holder (default 180 s). */
  reassemblyLeaseSec?: number;
}

/** Starts the chunking and/or reassembly consumer loops; `stop()` ends them. */
export function startMediaWorker(options: MediaWorkerOptions): { stop(args?: { graceMs?: number }): Promise<void> } {
  const { backend, workDir } = options;
  const handlers: Record<MediaRole, () => MessageHandler> = {
    chunking: () => createChunkingHandler({ backend, workDir, defaultSegmentSeconds: options.defaultSegmentSeconds }),
    reassembly: () => createReassemblyHandler({ backend, workDir, ...(options.reassemblyLeaseSec === undefined ? {} : { leaseSec: options.reassemblyLeaseSec }) }),
  };
  const queueOf: Record<MediaRole, 'chunking' | 'reassembly'> = { chunking: 'chunking', reassembly: 'reassembly' };
  const loops = (options.roles ?? MEDIA_ROLES).map((role) =>
    new QueueWorker({
      queue: backend.queues[queueOf[role]],
      deadLetters: deadLettersOf({ backend, name: queueOf[role] }),
      handler: handlers[role](),
      jobs: backend.jobs,
      logger: options.logger.child({ worker: role }),
      tuning: options.tuning,
    }).start(),
  );
  return {
    async stop(args) {
      await Promise.all(loops.map((loop) => loop.stop(args)));
    },
  };
}
