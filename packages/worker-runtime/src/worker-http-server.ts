import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage, type Logger } from '@stereo-spot/shared-types';
import type { Registry } from 'prom-client';
import type { HealthReport, WorkerHealth } from './worker-health.js';

export interface WorkerHttpServer {
  /** The port listened on (the one asked for, or the one the system chose for 0). */
  readonly port: number;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

function sendReport(response: ServerResponse, report: HealthReport): void {
  sendJson(response, report.ok ? 200 : 503, { status: report.ok ? 'ok' : 'unavailable', loops: report.loops });
}

/**
 * A worker's own HTTP endpoint, for Prometheus and the kubelet: `/metrics` (the registry, Prometheus text),
 * `/healthz` (liveness: every loop beat recently) and `/readyz` (readiness: every loop's last receive answered).
 * GET and HEAD only; nothing else is served.
 */
export async function startWorkerHttpServer({
  port,
  host,
  registry,
  health,
  logger,
}: {
  port: number;
  host: string;
  registry: Registry;
  health: WorkerHealth;
  logger: Logger;
}): Promise<WorkerHttpServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { error: 'GET or HEAD only' });
    if (path === '/healthz') return sendReport(response, health.liveness());
    if (path === '/readyz') return sendReport(response, health.readiness());
    if (path !== '/metrics') return sendJson(response, 404, { error: `nothing at ${path}` });
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text),
      (error: unknown) => {
        logger.error({ err: errorMessage(error) }, 'metrics collection failed');
        sendJson(response, 500, { error: 'metrics collection failed' });
      },
    );
  });
  // Scrapes and probes are short: a stuck client must not hold the process open at shutdown.
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ port: bound, host }, 'metrics and health endpoint listening');
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
