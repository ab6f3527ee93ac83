import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { JobStore, Logger } from '@stereo-spot/shared-types';
import type { RequestMetrics } from './request-metrics.js';

const READY_TIMEOUT_MS = 2000;

/** /healthz: the process answers. /readyz: the backend answers a read within 2 s. /metrics: the process's metrics, Prometheus text. */
export async function healthRoutes(app: FastifyInstance, { jobStore, metrics, logger }: { jobStore: JobStore; metrics: RequestMetrics; logger: Logger }): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        jobStore.get(randomUUID()),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS))),
      ]);
      return { status: 'ready' };
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable' });
    } finally {
      clearTimeout(timer);
    }
  });

  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(await metrics.render()));
}
