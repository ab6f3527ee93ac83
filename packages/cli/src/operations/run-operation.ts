import { join } from 'node:path';
import { createLogger, fileLogDestination, type Logger } from '@stereo-spot/shared-types';
import { openBackend, type WorkerBackend } from '../open-backend.js';
import { readWorkerConfig } from '../worker-config.js';
import { processOperatorIo, type OperatorIo } from './operator-io.js';

export interface OperationContext {
  backend: WorkerBackend;
  io: OperatorIo;
  /** JSON lines in <data-dir>/logs/stereo-spot.log: what an operator changed, with job_id and stage. */
  logger: Logger;
  dataDir: string;
}

/**
 * Runs one operator command on the backend of the environment (`STORAGE_ADAPTER`; the embedded one in `dataDir`
 * by default), closing it afterwards; any error goes to `fail` (exit 1, or 2 for usage errors and refusals).
 */
export async function runOperation({ dataDir, fail, run }: { dataDir: string; fail: (error: unknown) => never; run: (context: OperationContext) => Promise<void> }): Promise<void> {
  try {
    const logger = createLogger({ name: 'stereo-spot-operator', destination: fileLogDestination(join(dataDir, 'logs', 'stereo-spot.log')) });
    const backend = await openBackend({ config: readWorkerConfig(), dataDir });
    try {
      await run({ backend, io: processOperatorIo(), logger, dataDir });
    } finally {
      await backend.close();
    }
  } catch (error) {
    fail(error);
  }
}
