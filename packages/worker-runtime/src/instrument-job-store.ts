import type { JobStore } from '@stereo-spot/shared-types';
import type { WorkerMetrics } from './worker-metrics.js';

/**
 * The same job store, counting every status change made through it (`stereo_spot_job_transitions_total{status}`):
 * a creation counts as `created`, a transition only when its condition held and it was written. Every other
 * method is the store's own (a proxy, so methods added to the port later pass through unchanged).
 */
export function instrumentJobStore({ jobs, metrics }: { jobs: JobStore; metrics: Pick<WorkerMetrics, 'jobTransitions'> }): JobStore {
  const create: JobStore['create'] = async (job) => {
    await jobs.create(job);
    metrics.jobTransitions.inc({ status: job.status });
  };
  const transition: JobStore['transition'] = async (args) => {
    const result = await jobs.transition(args);
    if (result.applied) metrics.jobTransitions.inc({ status: args.to });
    return result;
  };
  return new Proxy(jobs, {
    get(target, property) {
      if (property === 'create') return create;
      if (property === 'transition') return transition;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
