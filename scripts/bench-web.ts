/**
 * `npm run bench:web`: requests per second and p50/p99 latency of the web server on the embedded backend with
 * 10,000 jobs stored, on loopback only: `GET /api/jobs/{id}`, `GET /jobs` (a page of completed jobs) and
 * `POST /api/jobs`. Each route is measured flat out (CONNECTIONS connections for SECONDS) and at a fixed
 * 1,000 requests per second (the goal: p99 under 50 ms for the reads). The load generator runs in a worker
 * thread so it does not share the server's event loop. Writes bench-output/web.json.
 * Env: JOBS (10000), SECONDS (8), CONNECTIONS (10), RATE (1000).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { openLocalBackend } from '@stereo-spot/local-adapters';
import { silentLogger, type Job } from '@stereo-spot/shared-types';
import { buildWebApp, defaultWebUiConfig } from '@stereo-spot/web-ui';

const jobCount = Number(process.env.JOBS ?? 10_000);
const seconds = Number(process.env.SECONDS ?? 8);
const connections = Number(process.env.CONNECTIONS ?? 10);
const rate = Number(process.env.RATE ?? 1000);

const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-bench-web-'));
const backend = await openLocalBackend({ dataDir: join(dir, 'data'), publicBaseUrl: 'http://127.0.0.1:1' });
try {
  const seedStarted = Date.now();
  const ids: string[] = [];
  const statuses: Job['status'][] = ['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'chunking_complete', 'failed', 'created'];
  for (let i = 0; i < jobCount; i += 1) {
    const status = statuses[i % statuses.length]!;
    const at = Date.now() - (jobCount - i) * 1000;
    const job: Job = {
      job_id: crypto.randomUUID(),
      status,
      format: 'sbs-full',
      options: { depth: 'heuristic' },
      created_at: at - 60_000,
      updated_at: at,
      ...(status === 'completed' ? { completed_at: at } : {}),
      ...(status === 'created' ? {} : { total_segments: 4 }),
      ...(status === 'failed' ? { error: { stage: 'video' as const, message: 'gave up after 4 attempts: encoder crashed' } } : {}),
    };
    await backend.jobs.create(job);
    ids.push(job.job_id);
  }
  const seedMs = Date.now() - seedStarted;

  const app = await buildWebApp({ backend, config: defaultWebUiConfig(), logger: silentLogger() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // A fixed sample of ids, cycled through by the requests: reads hit different rows.
  const sampleIds = ids.filter((_, i) => i % 97 === 0).slice(0, 100);
  const routes = [
    { name: 'GET /api/jobs/{id}', requests: sampleIds.map((id) => ({ method: 'GET' as const, path: `/api/jobs/${id}` })) },
    { name: 'GET /jobs', requests: [{ method: 'GET' as const, path: '/jobs' }] },
    { name: 'POST /api/jobs', requests: [{ method: 'POST' as const, path: '/api/jobs', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ format: 'sbs-half', depth: 'heuristic' }) }] },
  ];
  const results: Array<Record<string, unknown>> = [];
  for (const route of routes) {
    for (const mode of ['max', `${rate}/s`] as const) {
      const run = await autocannon({
        url: base,
        connections,
        duration: seconds,
        requests: route.requests,
        workers: 1,
        ...(mode === 'max' ? {} : { overallRate: rate }),
      });
      const row = {
        route: route.name,
        load: mode === 'max' ? `max (${connections} conn)` : `${rate} req/s`,
        rps: Math.round(run.requests.average),
        p50_ms: run.latency.p50,
        p99_ms: run.latency.p99,
        non2xx: run.non2xx,
        errors: run.errors + run.timeouts,
      };
      results.push(row);
      console.log(`${row.route.padEnd(20)} ${row.load.padEnd(16)} ${String(row.rps).padStart(6)} req/s   p50 ${String(row.p50_ms).padStart(4)} ms   p99 ${String(row.p99_ms).padStart(4)} ms   non-2xx ${row.non2xx}   errors ${row.errors}`);
    }
  }
  await app.close();
  const summary = { jobs_stored: jobCount, seed_ms: seedMs, seconds, connections, node: process.version, results };
  await mkdir('bench-output', { recursive: true });
  await writeFile('bench-output/web.json', `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`${jobCount} jobs stored (seeded in ${(seedMs / 1000).toFixed(1)} s); results in bench-output/web.json`);
} finally {
  await backend.close();
  await rm(dir, { recursive: true, force: true });
}
