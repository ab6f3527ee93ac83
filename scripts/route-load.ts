import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import { percentile } from './percentile.ts';

export interface LoadRoute {
  name: string;
  /** The path of the next request (so requests can follow the jobs as they are created). */
  path: () => string;
}

export interface RouteLatency {
  route: string;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
}

/**
 * GET requests to each route at `ratePerRoute` requests per second for `seconds`, one autocannon instance per route
 * running together, in this process: the server under test is another process, and in-process instances report
 * every response's latency with sub-millisecond precision (the histograms round to whole milliseconds).
 */
export async function runRouteLoad({ base, routes, ratePerRoute, seconds, connections = 2 }: { base: string; routes: readonly LoadRoute[]; ratePerRoute: number; seconds: number; connections?: number }): Promise<RouteLatency[]> {
  return Promise.all(
    routes.map(async (route) => {
      const latencies: number[] = [];
      let non2xx = 0;
      const instance = autocannon({
        url: base,
        connections,
        duration: seconds,
        overallRate: ratePerRoute,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: route.path() }) }],
      });
      // The typings leave out the first argument (the client) that autocannon passes.
      (instance as unknown as EventEmitter).on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
        latencies.push(ms);
        if (status < 200 || status > 299) non2xx += 1;
      });
      const result = await instance;
      return {
        route: route.name,
        requests: latencies.length,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: Math.max(...latencies),
        non2xx,
        errors: result.errors + result.timeouts,
      };
    }),
  );
}
