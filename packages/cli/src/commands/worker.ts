import { join } from 'node:path';
import type { Logger } from '@stereo-spot/shared-types';
import { processRegistry, processWorkerHealth, startWorkerHttpServer, type WorkerHttpServer } from '@stereo-spot/worker-runtime';
import { startWorkers, type WorkerRole } from '../embedded-workers.js';
import { openBackend } from '../open-backend.js';
import type { WorkerConfig } from '../worker-config.js';

/**
 * `stereo-spot worker <role>`: long-running consumers until SIGTERM/SIGINT, which stops receiving at once and
 * gives the messages in hand a grace period before releasing them to other workers. Serves /metrics, /healthz
 * and /readyz on the metrics port (unless it is 0) until the workers have stopped.
 */
export async function runWorker({
  role,
  dataDir,
  concurrency,
  graceMs,
  metricsPort,
  config,
  logger,
  stopSignal,
}: {
  role: WorkerRole;
  dataDir: string;
  concurrency: number;
  graceMs: number;
  /** `--metrics-port`; the configuration's (METRICS_PORT) when absent. */
  metricsPort?: number;
  config: WorkerConfig;
  logger: Logger;
  stopSignal: AbortSignal;
}): Promise<void> {
  const backend = await openBackend({ config, dataDir });
  let endpoint: WorkerHttpServer | undefined;
  try {
    const released = await backend.releaseOrphanedMessages();
    // Listening first: a port already taken stops the start before any message is taken.
    const port = metricsPort ?? config.metrics.port;
    if (port > 0) endpoint = await startWorkerHttpServer({ port, host: config.metrics.host, registry: processRegistry(), health: processWorkerHealth(), logger });
    const workers = startWorkers({ backend, role, config, logger, videoConcurrency: concurrency, scratchDir: join(dataDir, 'tmp') });
    logger.info({ role, concurrency, data_dir: dataDir, released, metrics_port: endpoint?.port ?? 'off' }, 'workers started');
    await new Promise<void>((resolve) => {
      if (stopSignal.aborted) resolve();
      stopSignal.addEventListener('abort', () => resolve(), { once: true });
    });
    logger.info({ grace_ms: graceMs }, 'stopping: no new messages; finishing the ones in hand');
    await workers.stop({ graceMs });
    logger.info('workers stopped');
  } finally {
    await endpoint?.close();
    await backend.close();
  }
}
