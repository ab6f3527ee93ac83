/**
 * `npm run bench:load`: load and soak on the embedded backend. A real `stereo-spot serve` process (web UI, embedded
 * workers and trigger) on a loopback port and a temporary data dir; for LOAD_SECONDS it keeps
 * LOAD_JOBS_CONCURRENCY small jobs in flight through the JSON API (create, upload to the signed URL, poll) while
 * autocannon sends LOAD_RPS GET requests spread over the dashboard, job pages, `GET /api/jobs/{id}`, `GET /api/jobs`
 * and `/healthz`. The server's RSS, open file descriptors and its ffmpeg children's RSS are sampled every second.
 *
 * Prints jobs per minute, each route's p50/p99 latency under load next to the same requests on the idle server
 * beforehand (the reference, as a ratio), peak memory, and whether memory and open files grow (medians of the
 * first and last third of the run after a warm-up). Exits 1 if a job failed or was lost, a completed job's result
 * cannot be fetched or is missing from the completed list, a request failed, the server did not stop cleanly, or
 * RSS / open files grew past LOAD_RSS_GROWTH_MAX / LOAD_FD_GROWTH_MAX. Writes bench-output/load.json.
 *
 * Env: LOAD_SECONDS (120), LOAD_JOBS_CONCURRENCY (3), LOAD_RPS (100), LOAD_WARMUP_SECONDS (a fifth of the run),
 * LOAD_REFERENCE_SECONDS (10), LOAD_DEPTH (passthrough), LOAD_CLIP_SECONDS (3), LOAD_VIDEO_WORKERS (2),
 * LOAD_RSS_GROWTH_MAX (0.15), LOAD_FD_GROWTH_MAX (5), LOAD_JOB_TIMEOUT_SECONDS (180).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { depthModelSchema, type CreateJobRequest, type ListJobsResponse } from '@stereo-spot/shared-types';
import { generateClip } from '@stereo-spot/test-kit';
import { startServe } from '../packages/cli/test/integration/serve-process.ts';
import { runApiJob, type ApiJobOutcome } from './api-job.ts';
import { measureGrowth } from './memory-growth.ts';
import { percentile } from './percentile.ts';
import { openFileCount, readProcKb } from './proc-stats.ts';
import { startProcessSampler } from './process-sampler.ts';
import { runRouteLoad, type LoadRoute, type RouteLatency } from './route-load.ts';

/** A number from the environment, or the usage error (exit 2) that names the variable. */
function knob(name: string, fallback: number, { allowZero = false } = {}): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
    console.error(`bench:load: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${JSON.stringify(process.env[name])}`);
    process.exit(2);
  }
  return value;
}

const loadSeconds = knob('LOAD_SECONDS', 120);
const concurrency = Math.ceil(knob('LOAD_JOBS_CONCURRENCY', 3));
const rps = knob('LOAD_RPS', 100);
const warmupSeconds = knob('LOAD_WARMUP_SECONDS', Math.round(loadSeconds / 5), { allowZero: true });
const referenceSeconds = knob('LOAD_REFERENCE_SECONDS', 10);
const clipSeconds = knob('LOAD_CLIP_SECONDS', 3);
const videoWorkers = Math.ceil(knob('LOAD_VIDEO_WORKERS', 2));
const rssGrowthMax = knob('LOAD_RSS_GROWTH_MAX', 0.15, { allowZero: true });
const fdGrowthMax = knob('LOAD_FD_GROWTH_MAX', 5, { allowZero: true });
const jobTimeoutMs = knob('LOAD_JOB_TIMEOUT_SECONDS', 180) * 1000;
const depthParsed = depthModelSchema.safeParse(process.env.LOAD_DEPTH ?? 'passthrough');
if (!depthParsed.success) {
  console.error(`bench:load: LOAD_DEPTH must be one of ${depthModelSchema.options.join(', ')}, got ${JSON.stringify(process.env.LOAD_DEPTH)}`);
  process.exit(2);
}
const depth = depthParsed.data;
if (warmupSeconds >= loadSeconds) {
  console.error(`bench:load: LOAD_WARMUP_SECONDS (${warmupSeconds}) must be shorter than LOAD_SECONDS (${loadSeconds})`);
  process.exit(2);
}
const knobs = { loadSeconds, concurrency, rps, warmupSeconds, referenceSeconds, clipSeconds, videoWorkers, rssGrowthMax, fdGrowthMax, jobTimeoutMs };

// Cheap on purpose: a job is seconds, so the run is many jobs rather than much video.
const JOB_REQUEST: CreateJobRequest = { format: 'sbs-half', depth, segment_seconds: 1 };

const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-bench-load-'));
const problems: string[] = [];
try {
  const clipPath = join(dir, 'clip.mp4');
  await generateClip({ path: clipPath, durationSec: clipSeconds, width: 320, height: 240, fps: 25, gop: 25, audioTracks: 1 });
  const source = await readFile(clipPath);
  const server = await startServe({ dataDir: join(dir, 'data'), args: ['--workers', String(videoWorkers)] });
  const pid = server.cli.child.pid!;
  const sampler = startProcessSampler({ pid });
  const jobIds: string[] = [];
  const randomJob = () => jobIds[Math.floor(Math.random() * jobIds.length)]!;
  const routes: LoadRoute[] = [
    { name: 'GET /', path: () => '/' },
    { name: 'GET /jobs/{id}', path: () => `/jobs/${randomJob()}` },
    { name: 'GET /api/jobs/{id}', path: () => `/api/jobs/${randomJob()}` },
    { name: 'GET /api/jobs', path: () => '/api/jobs?status=completed' },
    { name: 'GET /healthz', path: () => '/healthz' },
  ];
  const ratePerRoute = Math.max(1, Math.round(rps / routes.length));
  const runJob = () => runApiJob({ base: server.base, request: JOB_REQUEST, source, timeoutMs: jobTimeoutMs, onCreated: (id) => jobIds.push(id) });
  let serverExit: Awaited<ReturnType<typeof server.stop>> | undefined;
  try {
    // Warm-up jobs: the first ffmpeg runs, JIT and caches are not what the reference should measure.
    sampler.phase('warm-up jobs');
    const warmup = await Promise.all(Array.from({ length: concurrency }, runJob));
    sampler.phase('reference');
    // Unmeasured first: the routes' first requests (JIT, templates, connections) are not the idle figure.
    await runRouteLoad({ base: server.base, routes, ratePerRoute, seconds: 3 });
    const reference = await runRouteLoad({ base: server.base, routes, ratePerRoute, seconds: referenceSeconds });
    await sleep(1000);
    const idleBefore = await readIdle(pid);

    sampler.phase('load');
    const loadStarted = Date.now();
    const loadEnd = loadStarted + loadSeconds * 1000;
    const outcomes: ApiJobOutcome[] = [];
    const submitErrors: string[] = [];
    // Each lane keeps one job in flight until the time is up, then lets its last one finish.
    const lane = async () => {
      while (Date.now() < loadEnd) {
        try {
          outcomes.push(await runJob());
        } catch (error) {
          submitErrors.push(error instanceof Error ? error.message : String(error));
          await sleep(1000);
        }
      }
    };
    // The last jobs finishing after the time is up are not steady state: their samples are left out of the growth.
    const drain = setTimeout(() => sampler.phase('drain'), loadSeconds * 1000);
    const [underLoad] = await Promise.all([runRouteLoad({ base: server.base, routes, ratePerRoute, seconds: loadSeconds }), ...Array.from({ length: concurrency }, lane)]);
    clearTimeout(drain);
    const loadWallMs = Date.now() - loadStarted;
    sampler.phase('after');
    await sleep(2000);
    const idleAfter = await readIdle(pid);

    // No lost jobs: every completed job's result can be fetched and is in the completed list.
    const all = [...warmup, ...outcomes];
    const completed = all.filter((o) => o.view.status === 'completed');
    const failed = all.filter((o) => o.view.status !== 'completed' && o.finishedAt !== undefined);
    const unfinished = all.filter((o) => o.finishedAt === undefined);
    const listed = await listCompletedIds(server.base);
    const missingResults: string[] = [];
    for (const outcome of completed) {
      const result = outcome.view.result_url ? await fetch(outcome.view.result_url) : undefined;
      const bytes = result?.ok ? (await result.arrayBuffer()).byteLength : 0;
      if (!result?.ok || bytes === 0) missingResults.push(`${outcome.jobId}: result ${result ? `answered ${result.status}` : 'has no URL'}`);
      if (!listed.has(outcome.jobId)) missingResults.push(`${outcome.jobId}: completed but not in GET /api/jobs?status=completed`);
    }
    const peakRssMbHwm = (await readProcKb(pid, 'VmHWM')) / 1024;
    serverExit = await server.stop(30_000);
    await sampler.stop();

    const loadSamples = sampler.samples.filter((s) => s.phase === 'load');
    const steady = loadSamples.filter((s) => s.at - loadSamples[0]!.at >= warmupSeconds * 1000);
    const growth = measureGrowth(steady);
    const peakRssMb = Math.max(peakRssMbHwm, ...sampler.samples.map((s) => s.rssKb / 1024));
    const peakChildrenRssMb = Math.max(0, ...sampler.samples.map((s) => s.childrenRssKb / 1024));
    const peakChildren = Math.max(0, ...sampler.samples.map((s) => s.children));
    const loadCompleted = outcomes.filter((o) => o.view.status === 'completed');
    const turnaround = loadCompleted.map((o) => (o.finishedAt! - o.submittedAt) / 1000);
    const jobsPerMinute = (loadCompleted.length / loadWallMs) * 60_000;

    const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
    console.log(`bench:load — stereo-spot serve on the embedded backend, ${loadSeconds} s of load (warm-up ${warmupSeconds} s), node ${process.version}`);
    console.log(`  jobs: ${clipSeconds} s 320x240 25 fps H.264+AAC clips, format ${JOB_REQUEST.format}, depth ${depth}, 1-s segments; ${concurrency} in flight, ${videoWorkers} video workers`);
    console.log(`  requests: ${ratePerRoute} req/s on each of ${routes.length} routes (${ratePerRoute * routes.length} req/s), reference ${referenceSeconds} s on the idle server`);
    console.log(`  jobs submitted ${all.length + submitErrors.length} (${warmup.length} of them before the load)   completed ${completed.length}   failed ${failed.length}   lost ${unfinished.length}   submit errors ${submitErrors.length}`);
    console.log(`  jobs per minute ${f(jobsPerMinute)}   turnaround p50 ${f(percentile(turnaround, 50))} s  p99 ${f(percentile(turnaround, 99))} s`);
    console.log(`  ${'route'.padEnd(20)} ${'idle p50'.padStart(9)} ${'idle p99'.padStart(9)} ${'load p50'.padStart(9)} ${'load p99'.padStart(9)} ${'p99 ratio'.padStart(9)} ${'requests'.padStart(9)}  non-2xx errors`);
    for (const row of underLoad) {
      const idle = reference.find((r) => r.route === row.route)!;
      console.log(`  ${row.route.padEnd(20)} ${`${f(idle.p50Ms)} ms`.padStart(9)} ${`${f(idle.p99Ms)} ms`.padStart(9)} ${`${f(row.p50Ms)} ms`.padStart(9)} ${`${f(row.p99Ms)} ms`.padStart(9)} ${`${f(row.p99Ms / idle.p99Ms)}x`.padStart(9)} ${String(row.requests).padStart(9)}  ${row.non2xx + idle.non2xx} ${row.errors + idle.errors}`);
    }
    console.log(`  peak RSS: server ${f(peakRssMb)} MB, ffmpeg children ${f(peakChildrenRssMb)} MB (at most ${peakChildren} at once)`);
    console.log(`  steady state (${growth.samples} samples after warm-up): RSS median ${f(growth.firstThird.rssMb)} → ${f(growth.lastThird.rssMb)} MB (${f(growth.rssGrowth * 100)}%, slope ${f(growth.rssSlopeMbPerMin, 2)} MB/min), open files median ${growth.firstThird.openFiles} → ${growth.lastThird.openFiles}`);
    console.log(`  idle before load → idle after: RSS ${f(idleBefore.rssMb)} → ${f(idleAfter.rssMb)} MB, open files ${idleBefore.openFiles} → ${idleAfter.openFiles}`);

    if (failed.length > 0) problems.push(`${failed.length} jobs failed, e.g. ${failed[0]!.jobId}: ${JSON.stringify(failed[0]!.view.error)}`);
    if (unfinished.length > 0) problems.push(`${unfinished.length} jobs lost (not finished after ${jobTimeoutMs / 1000} s), e.g. ${unfinished[0]!.jobId} still ${unfinished[0]!.view.status}`);
    if (submitErrors.length > 0) problems.push(`${submitErrors.length} submissions failed, e.g. ${submitErrors[0]}`);
    problems.push(...missingResults);
    for (const row of [...reference, ...underLoad]) if (row.non2xx + row.errors > 0) problems.push(`${row.route}: ${row.non2xx} non-2xx answers and ${row.errors} errors`);
    if (growth.samples < 6) problems.push(`only ${growth.samples} samples after the warm-up: too short to judge growth (raise LOAD_SECONDS)`);
    if (growth.rssGrowth > rssGrowthMax) problems.push(`RSS grew ${f(growth.rssGrowth * 100)}% over the run (limit ${f(rssGrowthMax * 100)}%)`);
    if (growth.openFilesGrowth > fdGrowthMax) problems.push(`open files grew by ${growth.openFilesGrowth} over the run (limit ${fdGrowthMax})`);
    if (idleAfter.openFiles - idleBefore.openFiles > fdGrowthMax) problems.push(`idle open files grew by ${idleAfter.openFiles - idleBefore.openFiles} across the run (limit ${fdGrowthMax})`);
    if (serverExit.code !== 0) problems.push(`the server exited ${serverExit.code} on SIGTERM: ${serverExit.stderr.slice(-2000)}`);
    console.log(problems.length === 0 ? '  verdict: OK — no failed or lost job, every result served, no growth of memory or open files' : `  verdict: FAILED\n${problems.map((p) => `    - ${p}`).join('\n')}`);

    await mkdir('bench-output', { recursive: true });
    const summary = {
      node: process.version,
      knobs: { ...knobs, depth, format: JOB_REQUEST.format },
      jobs: { submitted: all.length + submitErrors.length, warmup: warmup.length, completed: completed.length, completed_under_load: loadCompleted.length, failed: failed.length, lost: unfinished.length, submit_errors: submitErrors.length },
      jobs_per_minute: +f(jobsPerMinute),
      turnaround_s: { p50: percentile(turnaround, 50), p99: percentile(turnaround, 99) },
      latency: { reference: reference.map(round), load: underLoad.map(round) },
      peak_rss_mb: { server: +f(peakRssMb), children: +f(peakChildrenRssMb) },
      growth,
      idle: { before: idleBefore, after: idleAfter },
      problems,
      samples: sampler.samples,
    };
    await writeFile('bench-output/load.json', `${JSON.stringify(summary, null, 2)}\n`);
    console.log('  samples and figures in bench-output/load.json');
  } finally {
    if (serverExit === undefined) await server.stop(30_000);
    await sampler.stop();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exitCode = problems.length === 0 ? 0 : 1;

async function readIdle(pid: number) {
  return { rssMb: (await readProcKb(pid, 'VmRSS')) / 1024, openFiles: await openFileCount(pid) };
}

/** Every job id in `GET /api/jobs?status=completed`, page after page. */
async function listCompletedIds(base: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const response = await fetch(`${base}/api/jobs?status=completed&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (!response.ok) throw new Error(`GET /api/jobs answered ${response.status}`);
    const page = (await response.json()) as ListJobsResponse;
    for (const job of page.jobs) ids.add(job.job_id);
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

function round(row: RouteLatency) {
  return { ...row, p50Ms: +row.p50Ms.toFixed(2), p99Ms: +row.p99Ms.toFixed(2), maxMs: +row.maxMs.toFixed(2) };
}
