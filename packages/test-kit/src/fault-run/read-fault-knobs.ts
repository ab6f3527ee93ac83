export interface FaultKnobs {
  goodJobs: number;
  kills: number;
  /** Storage faults of each kind: database lock and unwritable-folder windows, or throttling windows on AWS. */
  storageWindows: number;
  seed: number;
  timeoutMs: number;
  /** Where to keep every worker process's log (JSON lines), to read after a failed run. */
  logDir?: string;
}

/**
 * The fault suites' settings from the environment: small by default (the form `npm test` runs), long when
 * `npm run test:faults` or `test:faults:aws` sets them.
 */
export function readFaultKnobs(env: NodeJS.ProcessEnv = process.env): FaultKnobs {
  return {
    goodJobs: Number(env.FAULT_JOBS ?? 3),
    kills: Number(env.FAULT_KILLS ?? 3),
    storageWindows: Number(env.FAULT_STORAGE_WINDOWS ?? 2),
    seed: Number(env.FAULT_SEED ?? 1),
    timeoutMs: Number(env.FAULT_TIMEOUT_SEC ?? 240) * 1000,
    ...(env.FAULT_LOG_DIR ? { logDir: env.FAULT_LOG_DIR } : {}),
  };
}
