import { openAwsBackend, readAwsConfig } from '@stereo-spot/aws-adapters';
import { openLocalBackend, type LocalBackend } from '@stereo-spot/local-adapters';
import { UsageError, type Backend } from '@stereo-spot/shared-types';
import type { WorkerConfig } from './worker-config.js';

/** What the worker entry points need of a backend, whichever it is. */
export interface WorkerBackend extends Backend {
  /** Embedded backend: frees messages held by processes that died (SQS does this by visibility timeout alone). */
  releaseOrphanedMessages(): Promise<number>;
}

type Opener = (args: { config: WorkerConfig; dataDir: string; env: NodeJS.ProcessEnv }) => Promise<WorkerBackend>;

const OPENERS: Readonly<Record<WorkerConfig['storageAdapter'], Opener>> = {
  local: ({ config, dataDir }) => openEmbeddedBackend({ config, dataDir }),
  aws: async ({ env }) => {
    // Validated here, at start: one message naming every missing variable.
    const backend = await openAwsBackend({ config: readAwsConfig(env) });
    return Object.assign(backend, { releaseOrphanedMessages: async () => 0 });
  },
};

/** The composition root's one choice of adapters, by `STORAGE_ADAPTER` (local by default). */
export async function openBackend({ config, dataDir, env = process.env }: { config: WorkerConfig; dataDir: string; env?: NodeJS.ProcessEnv }): Promise<WorkerBackend> {
  return OPENERS[config.storageAdapter]({ config, dataDir, env });
}

/** `convert` runs a whole job on this machine (its run records and the trigger hook live there): embedded only. */
export async function openEmbeddedBackend({ config, dataDir, publicBaseUrl }: { config: WorkerConfig; dataDir: string; publicBaseUrl?: string }): Promise<LocalBackend> {
  if (config.storageAdapter !== 'local') {
    throw new UsageError('convert runs on the embedded backend; unset STORAGE_ADAPTER (on AWS, run `stereo-spot worker` and submit jobs through the API)');
  }
  return openLocalBackend({ dataDir, maxReceiveCount: config.maxReceiveCount, ...(publicBaseUrl === undefined ? {} : { publicBaseUrl }) });
}

/** Runs `start` on a backend just opened; if it fails, closes the backend (nothing else holds it yet) and rethrows. */
export async function startOrClose<T>({ backend, start }: { backend: Backend; start: () => Promise<T> }): Promise<T> {
  try {
    return await start();
  } catch (error) {
    await backend.close();
    throw error;
  }
}
