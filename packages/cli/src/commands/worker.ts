import { join } from 'node:path';
import type { Logger } from '@stereo-spot/shared-types';
import { startWorkers, type WorkerRole } from '../embedded-workers.js';
import { openBackend } from '../open-backend.js';
import type { WorkerConfig } from '../worker-config.js';

/**
 * `stereo-spot worker <role>`: long-running consumers until SIGTERM/SIGINT, which stops receiving at once and
 * gives the messages in hand a grace period before releasing them to other workers.
 */
export async function runWorker({
  role,
  dataDir,
  concurrency,
  graceMs,
  config,
  logger,
  stopSignal,
}: {
  role: WorkerRole;
  dataDir: string;
  concurrency: number;
  graceMs: number;
  config: WorkerConfig;
  logger: Logger;
  stopSignal: AbortSignal;
}): Promise<void> {
  const backend = await openBackend({ config, dataDir });
  try {
    const released = await backend.releaseOrphanedMessages();
    const workers = startWorkers({ backend, role, config, logger, videoConcurrency: concurrency, scratchDir: join(dataDir, 'tmp') });
    logger.info({ role, concurrency, data_dir: dataDir, released }, 'workers started');
    await new Promise<void>((resolve) => {
      if (stopSignal.aborted) resolve();
      stopSignal.addEventListener('abort', () => resolve(), { once: true });
    });
    logger.info({ grace_ms: graceMs }, 'stopping: no new messages; finishing the ones in hand');
    await workers.stop({ graceMs });
    logger.info('workers stopped');
  } finally {
    await backend.close();
  }
}
