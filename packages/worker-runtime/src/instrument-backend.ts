import { overrideMethods, type Backend } from '@stereo-spot/shared-types';
import { instrumentJobStore } from './instrument-job-store.js';
import type { WorkerMetrics } from './worker-metrics.js';

/** The same backend (its extras included), whose job store counts status changes (see `instrumentJobStore`). */
export function instrumentBackend<B extends Backend>({ backend, metrics }: { backend: B; metrics: Pick<WorkerMetrics, 'jobTransitions'> }): B {
  return overrideMethods<B>(backend, { jobs: instrumentJobStore({ jobs: backend.jobs, metrics }) } as Partial<B>);
}
