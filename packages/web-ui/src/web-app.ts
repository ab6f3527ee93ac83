import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from '@stereo-spot/shared-types';
import { createWorkerMetrics, instrumentJobStore, processRegistry } from '@stereo-spot/worker-runtime';
import type { Registry } from 'prom-client';
import { checkAccess } from './access-control.js';
import { apiRoutes } from './api-routes.js';
import { CsrfProtection } from './csrf.js';
import { healthRoutes } from './health-routes.js';
import { errorCodeOf, httpStatusOf, publicMessageOf } from './http-errors.js';
import { JobService, type WebBackend } from './job-service.js';
import { errorPage } from './pages/error-page.js';
import { pageRoutes } from './page-routes.js';
import { RequestMetrics } from './request-metrics.js';
import { SECURITY_HEADERS } from './security-headers.js';
import type { SignedObjectServer } from './signed-object-server.js';
import { staticRoutes } from './static-assets.js';
import { storageRoutes } from './storage-routes.js';
import type { WebUiConfig } from './web-ui-config.js';

const JSON_BODY_LIMIT = 64 * 1024;
const FORM_BODY_LIMIT = 16 * 1024;

const { version: VERSION } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export interface WebAppOptions {
  backend: WebBackend;
  config: WebUiConfig;
  logger: Logger;
  /** The embedded backend, whose signed URLs this server serves under /storage; absent on AWS (browsers use S3). */
  signedObjects?: SignedObjectServer;
  /** Where /metrics reads from and requests are counted: this process's registry (shared with embedded workers) by default. */
  registry?: Registry;
}

/** Machine clients get JSON errors; people get a page. */
function wantsJson(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/storage/') || path === '/healthz' || path === '/readyz' || path === '/metrics';
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

function sendError({ request, reply, status, message }: { request: FastifyRequest; reply: FastifyReply; status: number; message: string }): FastifyReply {
  void reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(pathOf(request)) || request.method === 'HEAD') return reply.send({ error: { code: errorCodeOf(status), message } });
  return reply.type('text/html; charset=utf-8').send(errorPage({ status, message }).toString());
}

/**
 * The web server: pages, the JSON API, health checks and, on the embedded backend, the storage endpoint. It
 * talks to ports only, so the same app serves the embedded backend and AWS. Not listening yet: the caller
 * listens (or injects requests in tests) and closes it.
 */
export async function buildWebApp({ backend: plain, config, logger, signedObjects, registry = processRegistry() }: WebAppOptions): Promise<FastifyInstance> {
  // fastify's own logging is off: requests are counted in /metrics and failures logged below, as JSON with job_id.
  const app = Fastify({ logger: false, bodyLimit: JSON_BODY_LIMIT, routerOptions: { maxParamLength: 500 }, return503OnClosing: true, forceCloseConnections: 'idle' });
  // Job creations (and any status change made here) are counted with the workers' in the process's metrics.
  const backend = { jobs: instrumentJobStore({ jobs: plain.jobs, metrics: createWorkerMetrics({ registry }) }), completions: plain.completions, storage: plain.storage };
  const jobs = new JobService({ backend, config, logger });
  const metrics = new RequestMetrics({ registry });
  const csrf = new CsrfProtection({ ...(config.csrfSecret ? { secret: config.csrfSecret } : {}) });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!checkAccess({ request, reply, ...(config.basicAuth ? { basicAuth: config.basicAuth } : {}), ...(config.trustedProxyHeader ? { trustedProxyHeader: config.trustedProxyHeader } : {}) })) return reply;
    return undefined;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) void reply.header(name, value);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.record({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
  });

  app.setErrorHandler((error, request, reply) => {
    const status = httpStatusOf(error);
    // The path only: the query of a storage URL is its signature.
    if (status >= 500) logger.error({ err: error, method: request.method, path: pathOf(request) }, 'request failed');
    else logger.debug({ status, method: request.method, path: pathOf(request), reason: publicMessageOf({ error, status }) }, 'request refused');
    return sendError({ request, reply, status, message: publicMessageOf({ error, status }) });
  });
  app.setNotFoundHandler((request, reply) => sendError({ request, reply, status: 404, message: `nothing at ${request.method} ${pathOf(request).slice(0, 200)}` }));

  await healthRoutes(app, { jobStore: backend.jobs, metrics, logger });
  await staticRoutes(app);
  await apiRoutes(app, { jobs, version: VERSION });
  await pageRoutes(app, { jobs, csrf, localUrls: signedObjects !== undefined });
  if (signedObjects) await app.register(async (child) => storageRoutes(child, { server: signedObjects, logger }));
  return app;
}
