import { FAULT_MAX_RECEIVES } from './run-fault-run.js';

/** Retries back off from 1 s (1, 2, 4, 8, 16 s over six deliveries): longer than any storage fault of a run. */
export const FAULT_RETRY_BASE_SEC = 1;

/** A killed reassembler's lease lapses after this, so its job waits seconds for the next one, not 3 minutes. */
export const FAULT_REASSEMBLY_LEASE_SEC = 20;

/** The settings of every worker process of a fault run, on either backend. */
export const FAULT_WORKER_ENV: Readonly<Record<string, string>> = {
  CHUNK_SEGMENT_DURATION_SEC: '1',
  STEREO_SPOT_MAX_RECEIVE_COUNT: String(FAULT_MAX_RECEIVES),
  STEREO_SPOT_RETRY_BASE_SEC: String(FAULT_RETRY_BASE_SEC),
  STEREO_SPOT_REASSEMBLY_LEASE_SEC: String(FAULT_REASSEMBLY_LEASE_SEC),
  STEREO_SPOT_POLL_WAIT_SEC: '1',
  LOG_LEVEL: 'info',
  // Several workers on one machine: no metrics endpoint, whose port they would share.
  METRICS_PORT: '0',
};

/**
 * One fault run's worker settings for a visibility timeout: the `stereo-spot worker all` process's arguments and
 * environment, and the same timing as the tuning of the chunking worker the run keeps in the test process.
 */
export function faultWorkerSettings({ visibilityTimeoutSec }: { visibilityTimeoutSec: number }): {
  args: (dataDir: string) => string[];
  env: Record<string, string>;
  tuning: { visibilityTimeoutSec: number; waitSeconds: number; retryBaseSec: number };
} {
  return {
    args: (dataDir) => ['worker', 'all', '--data-dir', dataDir, '--concurrency', '1', '--grace-seconds', '1'],
    env: { ...FAULT_WORKER_ENV, STEREO_SPOT_VISIBILITY_TIMEOUT_SEC: String(visibilityTimeoutSec) },
    tuning: { visibilityTimeoutSec, waitSeconds: Number(FAULT_WORKER_ENV.STEREO_SPOT_POLL_WAIT_SEC), retryBaseSec: FAULT_RETRY_BASE_SEC },
  };
}
