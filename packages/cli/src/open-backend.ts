import { openLocalBackend, type LocalBackend } from '@stereo-spot/local-adapters';
import { UsageError } from '@stereo-spot/shared-types';
import type { WorkerConfig } from './worker-config.js';

/** The composition root's one choice of adapters. Only the embedded backend exists so far. */
export async function openBackend({ config, dataDir }: { config: WorkerConfig; dataDir: string }): Promise<LocalBackend> {
  if (config.storageAdapter === 'aws') {
    throw new UsageError('STORAGE_ADAPTER=aws is not available in this version; unset it to use the embedded backend');
  }
  return openLocalBackend({ dataDir, maxReceiveCount: config.maxReceiveCount });
}
