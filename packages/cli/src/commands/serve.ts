import { setTimeout as sleep } from 'node:timers/promises';
import { BUILT_IN_DEPTH_MODELS, type DepthModel, type Logger } from '@stereo-spot/shared-types';
import { localDepthModels } from '../local-depth-models.js';
import { buildWebApp, readWebUiConfig, type SignedObjectServer } from '@stereo-spot/web-ui';
import { retryStart } from '@stereo-spot/worker-runtime';
import { startWorkers } from '../embedded-workers.js';
import { openBackend, openEmbeddedBackend, startOrClose, type WorkerBackend } from '../open-backend.js';
import { stopWorkers } from '../stop-workers.js';
import type { WorkerConfig } from '../worker-config.js';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir: string;
  /** Video segments converted at once by the embedded video worker. */
  workers: number;
  /** Base URL people reach this server at; signed storage links start with it (default http://localhost:PORT). */
  publicUrl?: string;
  graceMs: number;
}

interface ServeBackend {
  backend: WorkerBackend;
  /** The embedded backend serves its own signed URLs and runs its workers here; AWS has S3 and workers elsewhere. */
  embedded?: { signedObjects: SignedObjectServer };
  depthModels: readonly DepthModel[];
}

type ServeOpener = (args: { config: WorkerConfig; options: ServeOptions; publicUrl: string }) => Promise<ServeBackend>;

const SERVE_OPENERS: Readonly<Record<WorkerConfig['storageAdapter'], ServeOpener>> = {
  local: async ({ config, options, publicUrl }) => {
    const backend = await openEmbeddedBackend({ config, dataDir: options.dataDir, publicBaseUrl: publicUrl });
    return { backend, embedded: { signedObjects: backend }, depthModels: localDepthModels(config) };
  },
  aws: async ({ config, options }) => ({ backend: await openBackend({ config, dataDir: options.dataDir }), depthModels: config.offeredDepthModels ?? BUILT_IN_DEPTH_MODELS }),
};

/**
 * `stereo-spot serve`: the web UI, and on the embedded backend the media and video workers and the trigger in
 * the same process (data under --data-dir). Resolves once `stopSignal` aborts and everything has stopped: the
 * server stops accepting and the workers stop receiving at once; requests in flight and the messages in hand get
 * the grace period (one for both) to finish, then connections are cut and the work still running is aborted and
 * its messages released; then the backend closes. `stopNow` (a second Ctrl-C) ends the grace period at once.
 * A backend that cannot be reached yet is waited for.
 */
export async function serve({
  options,
  config,
  logger,
  stopSignal,
  stopNow,
  onListening,
}: {
  options: ServeOptions;
  config: WorkerConfig;
  logger: Logger;
  stopSignal: AbortSignal;
  /** Aborted to cut the grace period short. */
  stopNow?: AbortSignal;
  onListening?: (url: string) => void;
}): Promise<void> {
  const publicUrl = options.publicUrl ?? `http://localhost:${options.port}`;
  const webConfig = readWebUiConfig({ depthModels: [] });
  const opened = await retryStart({
    what: 'web UI',
    logger,
    signal: stopSignal,
    attempt: async () => {
      const open = await SERVE_OPENERS[config.storageAdapter]({ config, options, publicUrl });
      const start = async () => (open.embedded ? startWorkers({ backend: open.backend, role: 'all', config, logger, videoConcurrency: options.workers, dataDir: options.dataDir }) : undefined);
      return { ...open, workers: await startOrClose({ backend: open.backend, start }) };
    },
  });
  if (!opened) return;
  const { backend, embedded, depthModels } = opened;
  let { workers } = opened;
  try {
    if (workers) logger.info({ released: workers.released, video_concurrency: options.workers, data_dir: options.dataDir }, 'embedded workers started');
    const app = await buildWebApp({ backend, config: { ...webConfig, depthModels }, logger, ...(embedded ? { signedObjects: embedded.signedObjects } : {}) });
    await app.listen({ port: options.port, host: options.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
    logger.info({ url, backend: backend.kind }, 'web UI listening');
    onListening?.(url);

    await new Promise<void>((resolve) => {
      if (stopSignal.aborted) resolve();
      stopSignal.addEventListener('abort', () => resolve(), { once: true });
    });
    logger.info({ grace_ms: options.graceMs }, 'stopping: no new requests or messages; finishing the ones in hand');
    // Long uploads may still be running: they get the grace period, then their connections are cut.
    const closed = app.close();
    const cut = (): void => app.server.closeAllConnections();
    void sleep(options.graceMs, undefined, { ref: false }).then(cut);
    stopNow?.addEventListener('abort', cut, { once: true });
    if (stopNow?.aborted) cut();
    await Promise.all([closed, workers ? stopWorkers({ workers, graceMs: options.graceMs, now: stopNow }) : undefined]);
    workers = undefined;
    logger.info(stopNow?.aborted ? 'stopped now: work in hand aborted and its messages released' : 'stopped');
  } finally {
    await workers?.stop({ graceMs: 0 });
    await backend.close();
  }
}
