import type { Backend } from '@stereo-spot/shared-types';
import { instrumentJobStore } from './instrument-job-store.js';
import type { WorkerMetrics } from './worker-metrics.js';

/**
 * The same backend, whose job store counts status changes (see `instrumentJobStore`). A proxy rather than a
 * copy: a backend is a class instance with private state, and may have more than the port says (the embedded
 * backend's extras pass through).
 */
export function instrumentBackend<B extends Backend>({ backend, metrics }: { backend: B; metrics: Pick<WorkerMetrics, 'jobTransitions'> }): B {
  const jobs = instrumentJobStore({ jobs: backend.jobs, metrics });
  return new Proxy(backend, {
    get(target, property) {
      if (property === 'jobs') return jobs;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
