import type { Logger } from '@stereo-spot/shared-types';
import { processRegistry, processWorkerHealth, retryStart, startWorkerHttpServer, type WorkerHttpServer } from '@stereo-spot/worker-runtime';
import { startWorkers, type WorkerRole } from '../embedded-workers.js';
import { openBackend, startOrClose, type WorkerBackend } from '../open-backend.js';
import { stopWorkers } from '../stop-workers.js';
import { DEFAULT_METRICS_PORT, type WorkerConfig } from '../worker-config.js';

/**
 * The worker's /metrics, /healthz and /readyz. A port that was asked for must be had (a clash fails the start);
 * the default one is taken if free, so several workers on one machine still start (the first has the endpoint).
 */
async function openEndpoint({ port, host, logger }: { port: number | undefined; host: string; logger: Logger }): Promise<WorkerHttpServer | undefined> {
  if (port === 0) return undefined;
  const serve = (at: number) => startWorkerHttpServer({ port: at, host, registry: processRegistry(), health: processWorkerHealth(), logger });
  if (port !== undefined) return serve(port);
  try {
    return await serve(DEFAULT_METRICS_PORT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    logger.warn({ port: DEFAULT_METRICS_PORT }, 'the default metrics port is taken (another worker here?): no /metrics or health endpoint; choose one with --metrics-port or METRICS_PORT');
    return undefined;
  }
}

/**
 * `stereo-spot worker <role>`: long-running consumers until SIGTERM/SIGINT (`stopSignal`), which stops receiving at
 * once and gives the messages in hand a grace period before releasing them to other workers; `stopNow` (a second
 * Ctrl-C) ends the grace period at once. Serves /metrics, /healthz
 * and /readyz on the metrics port until the workers have stopped. A backend that cannot be reached yet (the
 * database locked, AWS throttling) is waited for; a wrong configuration stops the start with its reason.
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
  stopNow,
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
  /** Aborted to cut the grace period short. */
  stopNow?: AbortSignal;
}): Promise<void> {
  let endpoint: WorkerHttpServer | undefined;
  let started: { backend: WorkerBackend; workers: Awaited<ReturnType<typeof startWorkers>> } | undefined;
  try {
    // Listening first: a port already taken stops the start before any message is taken.
    endpoint = await openEndpoint({ port: metricsPort ?? config.metrics.port, host: config.metrics.host, logger });
    started = await retryStart({
      what: 'workers',
      logger,
      signal: stopSignal,
      health: processWorkerHealth(),
      attempt: async () => {
        const backend = await openBackend({ config, dataDir });
        return { backend, workers: await startOrClose({ backend, start: () => startWorkers({ backend, role, config, logger, videoConcurrency: concurrency, dataDir }) }) };
      },
    });
    if (!started) return;
    logger.info({ role, concurrency, data_dir: dataDir, released: started.workers.released, metrics_port: endpoint?.port ?? 'off' }, 'workers started');
    await new Promise<void>((resolve) => {
      if (stopSignal.aborted) resolve();
      stopSignal.addEventListener('abort', () => resolve(), { once: true });
    });
    logger.info({ grace_ms: graceMs }, 'stopping: no new messages; finishing the ones in hand');
    await stopWorkers({ workers: started.workers, graceMs, now: stopNow });
    logger.info(stopNow?.aborted ? 'workers stopped now: work in hand aborted and its messages released' : 'workers stopped');
  } finally {
    await endpoint?.close();
    await started?.backend.close();
  }
}
