import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Registry } from 'prom-client';
import { withTempBackend } from '@stereo-spot/test-kit';
import type { LocalBackend } from '@stereo-spot/local-adapters';
import { silentLogger, type Job } from '@stereo-spot/shared-types';
import { buildWebApp, defaultWebUiConfig, type WebBackend, type WebUiConfig } from '../src/index.ts';

export const PUBLIC_BASE = 'http://localhost:8080';

/** The web app on a fresh embedded backend (its storage endpoint mounted), closed and removed afterwards. */
export function withWebApp<T>(
  work: (context: { app: FastifyInstance; backend: LocalBackend; dir: string }) => Promise<T>,
  {
    config = {},
    wrapBackend,
    storageEndpoint = true,
    registry,
  }: {
    config?: Partial<WebUiConfig>;
    wrapBackend?: (backend: LocalBackend) => WebBackend;
    /** false: no /storage routes, as on AWS where browsers talk to S3. */
    storageEndpoint?: boolean;
    /** Metrics on their own registry (the process's by default). */
    registry?: Registry;
  } = {},
): Promise<T> {
  return withTempBackend(
    async ({ backend, dir }) => {
      const app = await buildWebApp({
        backend: wrapBackend ? wrapBackend(backend) : backend,
        config: defaultWebUiConfig(config),
        logger: silentLogger(),
        ...(storageEndpoint ? { signedObjects: backend } : {}),
        ...(registry ? { registry } : {}),
      });
      try {
        return await work({ app, backend, dir });
      } finally {
        await app.close();
      }
    },
    { publicBaseUrl: PUBLIC_BASE },
  );
}

/** Stores completed jobs directly (as the workers would leave them), `completed_at` one second apart. */
export async function storeCompletedJobs({ backend, count, format = 'sbs-full', depth = 'heuristic', sourceName }: { backend: LocalBackend; count: number; format?: Job['format']; depth?: Job['options']['depth']; sourceName?: string }): Promise<Job[]> {
  const jobs: Job[] = [];
  const base = Date.now() - count * 1000;
  for (let i = 0; i < count; i += 1) {
    const job: Job = {
      job_id: crypto.randomUUID(),
      status: 'completed',
      format,
      options: { depth },
      ...(sourceName === undefined ? {} : { source_name: sourceName }),
      created_at: base + i * 1000 - 5000,
      updated_at: base + i * 1000,
      completed_at: base + i * 1000,
      total_segments: 2,
    };
    await backend.jobs.create(job);
    jobs.push(job);
  }
  return jobs;
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export function cookiesOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const list = Array.isArray(header) ? header : header ? [header] : [];
  return list.map((cookie) => cookie.split(';')[0]).join('; ');
}

export function csrfTokenIn(body: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!match?.[1]) throw new Error('no CSRF token in the page');
  return match[1];
}
