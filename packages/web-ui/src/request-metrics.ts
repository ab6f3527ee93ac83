import { Counter, Histogram, type Registry } from 'prom-client';
import { registeredMetric } from '@stereo-spot/worker-runtime';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * HTTP requests by method, route pattern and status: a count and a duration histogram. Routes are patterns
 * (`/api/jobs/:jobId`), so the labels stay few. On the registry given: the process's, shared with the workers.
 */
export class RequestMetrics {
  readonly registry: Registry;
  readonly #requests: Counter<'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'method' | 'route' | 'status'>;

  constructor({ registry }: { registry: Registry }) {
    this.registry = registry;
    const labelNames = ['method', 'route', 'status'] as const;
    this.#requests = registeredMetric({
      registry,
      name: 'stereo_spot_http_requests_total',
      create: (registers) => new Counter({ name: 'stereo_spot_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status.', labelNames, registers }),
    });
    this.#duration = registeredMetric({
      registry,
      name: 'stereo_spot_http_request_duration_seconds',
      create: (registers) =>
        new Histogram({ name: 'stereo_spot_http_request_duration_seconds', help: 'Time to answer an HTTP request, by method, route pattern and status.', labelNames, buckets: DURATION_BUCKETS, registers }),
    });
  }

  record({ method, route, status, seconds }: { method: string; route: string; status: number; seconds: number }): void {
    const labels = { method, route, status: String(status) };
    this.#requests.inc(labels);
    this.#duration.observe(labels, seconds);
  }

  /** Everything on the registry, in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
