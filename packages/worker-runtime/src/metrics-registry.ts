import { collectDefaultMetrics, Registry, type Metric } from 'prom-client';

let registry: Registry | undefined;

/**
 * The one metrics registry of this process, with prom-client's process metrics (RSS, open files, event-loop
 * lag…). Workers and the web UI register on it, so a process running both serves everything on one /metrics.
 */
export function processRegistry(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}

/**
 * The metric called `name` on `registry`, created by `create` the first time: a registry refuses a second
 * metric of one name, and one process builds several loops (and web apps, in tests) on the same registry.
 */
export function registeredMetric<T extends Metric>({ registry, name, create }: { registry: Registry; name: string; create: (registers: Registry[]) => T }): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create([registry]);
}
