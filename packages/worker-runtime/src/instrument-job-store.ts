import { overrideMethods, type JobStore } from '@stereo-spot/shared-types';
import type { WorkerMetrics } from './worker-metrics.js';

/**
 * The same job store, counting every status change made through it (`stereo_spot_job_transitions_total{status}`):
 * a creation counts as `created`, a transition only when its condition held and it was written. Every other
 * method is the store's own.
 */
export function instrumentJobStore({ jobs, metrics }: { jobs: JobStore; metrics: Pick<WorkerMetrics, 'jobTransitions'> }): JobStore {
  return overrideMethods(jobs, {
    async create(job) {
      await jobs.create(job);
      metrics.jobTransitions.inc({ status: job.status });
    },
    async transition(args) {
      const result = await jobs.transition(args);
      if (result.applied) metrics.jobTransitions.inc({ status: args.to });
      return result;
    },
  });
}
