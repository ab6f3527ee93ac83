import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPTH_MODEL_CATALOGUE, DownloadError, IntegrityError, NotFoundError, UsageError, type CatalogueModel, modelCacheDir } from '@stereo-spot/shared-types';
import { fetchModel } from '../src/models/fetch-model.ts';
import { listModels } from '../src/models/list-models.ts';
import { modelPath } from '../src/models/model-path.ts';
import { removeModel } from '../src/models/remove-model.ts';
import { verifyModels } from '../src/models/verify-models.ts';
import type { ModelsContext } from '../src/models/models-context.ts';
import { ModelFileServer } from './model-file-server.ts';

const MODEL = randomBytes(300_000);
const MODEL_SHA = createHash('sha256').update(MODEL).digest('hex');
const FAST = { attempts: 3, retryDelayMs: 10, idleTimeoutMs: 5000 };

const server = new ModelFileServer();
let base = '';
before(async () => {
  base = await server.start();
});
after(() => server.stop());

/** A cache folder of its own, a catalogue pointing at the loopback server, and what was printed. */
async function setup({ small = {}, large = {}, env = {} }: { small?: Partial<CatalogueModel>; large?: Partial<CatalogueModel>; env?: Record<string, string> } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-models-'));
  const id = Math.random().toString(36).slice(2);
  server.files.set(`/${id}/small.onnx`, MODEL);
  server.files.set(`/${id}/large.onnx`, MODEL);
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const context: ModelsContext = {
    env: { STEREO_SPOT_MODEL_DIR: dir, ...env },
    catalogue: {
      'da-v2-small': { ...DEPTH_MODEL_CATALOGUE['da-v2-small'], url: `${base}/${id}/small.onnx`, ...small },
      'da-v2-large': { ...DEPTH_MODEL_CATALOGUE['da-v2-large'], url: `${base}/${id}/large.onnx`, ...large },
    },
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    progress: { write: (text) => progress.push(text), isTTY: false },
  };
  const requestsFor = (file: string) => server.requests.filter((request) => request.path.endsWith(`/${id}/${file}`));
  return { dir, id, context, out, err, progress, requestsFor, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const fetchSmall = (context: ModelsContext, extra: Partial<Parameters<typeof fetchModel>[0]> = {}) =>
  fetchModel({ name: 'da-v2-small', acceptLicense: false, allowHttp: true, context, download: FAST, ...extra });

test('models cache folder: STEREO_SPOT_MODEL_DIR, else XDG_CACHE_HOME, else ~/.cache', () => {
  assert.equal(modelCacheDir({ STEREO_SPOT_MODEL_DIR: '/srv/models' }), '/srv/models');
  assert.equal(modelCacheDir({ XDG_CACHE_HOME: '/home/a/.xdg' }), '/home/a/.xdg/stereo-spot/models');
  assert.equal(modelCacheDir({ HOME: '/home/b' }), '/home/b/.cache/stereo-spot/models');
});

test('fetch: downloads, records size and SHA-256 beside the model, prints them; a second fetch downloads nothing', async (t) => {
  const { dir, context, out, err, progress, requestsFor, cleanup } = await setup();
  t.after(cleanup);
  const result = await fetchSmall(context);
  assert.equal(result.path, join(dir, 'da-v2-small.onnx'));
  assert.deepEqual(await readFile(result.path), MODEL);
  assert.equal(result.sha256, MODEL_SHA);
  assert.deepEqual(out, [result.path]);
  assert.ok(err.some((line) => line.includes(MODEL_SHA) && line.includes('to pin it')), err.join('\n'));
  const record = JSON.parse(await readFile(join(dir, 'da-v2-small.onnx.json'), 'utf8')) as { sha256: string; sizeBytes: number };
  assert.equal(record.sha256, MODEL_SHA);
  assert.equal(record.sizeBytes, MODEL.length);
  assert.deepEqual((await readdir(dir)).sort(), ['da-v2-small.onnx', 'da-v2-small.onnx.json']);
  // Non-terminal progress: a few plain lines, ending at 100 %.
  assert.ok(progress.length >= 2 && progress.length <= 6, progress.join(''));
  assert.match(progress.at(-1) ?? '', /100%/);

  const again = await fetchSmall(context);
  assert.equal(again.alreadyCached, true);
  assert.equal(requestsFor('small.onnx').length, 1);
});

test('fetch: a connection cut mid-body is resumed with an HTTP Range request', async (t) => {
  const { id, context, err, requestsFor, cleanup } = await setup();
  t.after(cleanup);
  server.cutOnce.set(`/${id}/small.onnx`, 100_000);
  const result = await fetchSmall(context);
  assert.deepEqual(await readFile(result.path), MODEL);
  const requests = requestsFor('small.onnx');
  assert.equal(requests.length, 2, JSON.stringify(requests));
  assert.equal(requests[0]?.range, undefined);
  assert.match(requests[1]?.range ?? '', /^bytes=\d+-$/);
  assert.ok(Number(/\d+/.exec(requests[1]?.range ?? '')?.[0]) > 0);
  assert.ok(err.some((line) => line.startsWith('resuming da-v2-small from byte')), err.join('\n'));
});

test('fetch: a partial download left by an earlier run is continued, not started again', async (t) => {
  const { dir, context, requestsFor, cleanup } = await setup();
  t.after(cleanup);
  await writeFile(join(dir, 'da-v2-small.onnx.partial'), MODEL.subarray(0, 123_456));
  const result = await fetchSmall(context);
  assert.deepEqual(await readFile(result.path), MODEL);
  assert.deepEqual(requestsFor('small.onnx').map((request) => request.range), ['bytes=123456-']);
});

test('fetch: a server without Range support sends the whole file again, which replaces the partial one', async (t) => {
  const { dir, context, requestsFor, cleanup } = await setup();
  t.after(cleanup);
  server.ignoreRange = true;
  t.after(() => {
    server.ignoreRange = false;
  });
  await writeFile(join(dir, 'da-v2-small.onnx.partial'), MODEL.subarray(0, 50_000));
  const result = await fetchSmall(context);
  assert.deepEqual(await readFile(result.path), MODEL);
  assert.deepEqual(requestsFor('small.onnx').map((request) => request.range), ['bytes=50000-']);
});

test('fetch: a complete partial file (checks not run yet) is checked and kept without downloading again', async (t) => {
  const { dir, context, requestsFor, cleanup } = await setup();
  t.after(cleanup);
  await writeFile(join(dir, 'da-v2-small.onnx.partial'), MODEL);
  const result = await fetchSmall(context);
  assert.equal(result.sha256, MODEL_SHA);
  assert.deepEqual(await readFile(result.path), MODEL);
  assert.deepEqual(requestsFor('small.onnx').map((request) => request.range), [`bytes=${MODEL.length}-`]);
});

test('fetch: a server error is retried; one that persists fails with the status after the attempts', async (t) => {
  const { dir, context, requestsFor, cleanup } = await setup();
  t.after(cleanup);
  t.after(() => {
    server.failNext = 0;
  });
  server.failNext = 2;
  const result = await fetchSmall(context);
  assert.deepEqual(await readFile(result.path), MODEL);
  assert.equal(requestsFor('small.onnx').length, 3);
  await removeModel({ name: 'da-v2-small', context });
  server.failNext = 100;
  await assert.rejects(fetchSmall(context), (error: unknown) => error instanceof DownloadError && /failed 3 times in a row: HTTP 503/.test(error.message));
  assert.deepEqual(await readdir(dir), []);
});

test('fetch: a size other than the pinned one is refused and nothing is left in the cache', async (t) => {
  const { dir, context, cleanup } = await setup({ small: { sizeBytes: MODEL.length + 1 } });
  t.after(cleanup);
  await assert.rejects(fetchSmall(context), (error: unknown) => error instanceof IntegrityError && /size mismatch/.test(error.message));
  assert.deepEqual(await readdir(dir), []);
});

test('fetch: a SHA-256 other than the pinned one is refused and nothing is left in the cache', async (t) => {
  const { dir, context, cleanup } = await setup({ small: { sha256: '0'.repeat(64) } });
  t.after(cleanup);
  await assert.rejects(fetchSmall(context), (error: unknown) => error instanceof IntegrityError && /checksum mismatch/.test(error.message) && error.message.includes(MODEL_SHA));
  assert.deepEqual(await readdir(dir), []);
});

test('fetch: an unpinned model must match the checksum recorded at its first fetch', async (t) => {
  const { dir, id, context, cleanup } = await setup();
  t.after(cleanup);
  await fetchSmall(context);
  await rm(join(dir, 'da-v2-small.onnx'));
  const changed = Buffer.from(MODEL);
  changed[10] = (changed[10] ?? 0) ^ 0xff;
  server.files.set(`/${id}/small.onnx`, changed);
  await assert.rejects(fetchSmall(context), (error: unknown) => error instanceof IntegrityError && /recorded at its first fetch/.test(error.message));
  assert.deepEqual(await readdir(dir), ['da-v2-small.onnx.json']);
});

test('fetch: a pinned SHA-256 that matches is accepted', async (t) => {
  const { context, err, cleanup } = await setup({ small: { sha256: MODEL_SHA, sizeBytes: MODEL.length } });
  t.after(cleanup);
  await fetchSmall(context);
  assert.ok(err.some((line) => line.includes('matches the catalogue')));
});

test('fetch --sha256: an unpinned model is kept only with that SHA-256; malformed or contradicting a pin, refused before any request', async (t) => {
  const { dir, context, err, requestsFor, cleanup } = await setup();
  t.after(cleanup);
  await assert.rejects(fetchSmall(context, { sha256: '1'.repeat(64) }), (error: unknown) => error instanceof IntegrityError && /expected 1{64} \(given with --sha256\)/.test(error.message));
  assert.deepEqual(await readdir(dir), []);
  await assert.rejects(fetchSmall(context, { sha256: 'ABC' }), UsageError);
  const requests = requestsFor('small.onnx').length;
  await fetchSmall(context, { sha256: MODEL_SHA });
  assert.ok(err.some((line) => line.includes('matches --sha256')), err.join('\n'));
  assert.equal(requestsFor('small.onnx').length, requests + 1);

  const pinned = await setup({ small: { sha256: MODEL_SHA } });
  t.after(pinned.cleanup);
  await assert.rejects(fetchSmall(pinned.context, { sha256: '2'.repeat(64) }), (error: unknown) => error instanceof UsageError && /differs from the catalogue's pin/.test(error.message));
  assert.equal(pinned.requestsFor('small.onnx').length, 0);
});

test('fetch: 404 fails at once with the status and the URL, and leaves nothing', async (t) => {
  const { dir, context, requestsFor, cleanup } = await setup({ small: { url: `${base}/nowhere/small.onnx` } });
  t.after(cleanup);
  await assert.rejects(fetchSmall(context), (error: unknown) => error instanceof DownloadError && /HTTP 404/.test(error.message) && error.message.includes('/nowhere/small.onnx'));
  assert.equal(server.requests.filter((request) => request.path === '/nowhere/small.onnx').length, 1);
  assert.equal(requestsFor('small.onnx').length, 0);
  assert.deepEqual(await readdir(dir), []);
});

test('fetch: STEREO_SPOT_MODEL_MIRROR replaces the catalogue URL with <mirror>/<name>.onnx; redirects are followed', async (t) => {
  const mirrorId = Math.random().toString(36).slice(2);
  server.files.set(`/${mirrorId}/da-v2-small.onnx`, MODEL);
  const { context, cleanup } = await setup({ small: { url: 'https://unreachable.invalid/model.onnx' }, env: { STEREO_SPOT_MODEL_MIRROR: `${base}/redirect/${mirrorId}/` } });
  t.after(cleanup);
  const result = await fetchSmall(context);
  assert.deepEqual(await readFile(result.path), MODEL);
  assert.deepEqual(server.requests.filter((request) => request.path.includes(mirrorId)).map((request) => request.path), [`/redirect/${mirrorId}/da-v2-small.onnx`, `/${mirrorId}/da-v2-small.onnx`]);
});

test('fetch: plain HTTP is refused without allowHttp, before any request', async (t) => {
  const { dir, context, requestsFor, cleanup } = await setup();
  t.after(cleanup);
  await assert.rejects(fetchSmall(context, { allowHttp: false }), (error: unknown) => error instanceof UsageError && /--allow-http/.test(error.message));
  assert.equal(requestsFor('small.onnx').length, 0);
  assert.deepEqual(await readdir(dir).catch(() => []), []);
});

test('fetch: a non-commercial licence is shown and refused without acceptLicense; accepted, it is fetched', async (t) => {
  const { context, err, requestsFor, cleanup } = await setup();
  t.after(cleanup);
  await assert.rejects(
    fetchModel({ name: 'da-v2-large', acceptLicense: false, allowHttp: true, context, download: FAST }),
    (error: unknown) => error instanceof UsageError && /CC-BY-NC-4\.0/.test(error.message) && /--accept-license/.test(error.message),
  );
  assert.ok(err.some((line) => line.includes('non-commercial use only') && line.includes('https://')));
  assert.equal(requestsFor('large.onnx').length, 0);
  const result = await fetchModel({ name: 'da-v2-large', acceptLicense: true, allowHttp: true, context, download: FAST });
  assert.deepEqual(await readFile(result.path), MODEL);
});

test('fetch: two concurrent fetches of one model download it once and both get the checked file', async (t) => {
  const { dir, context, err, requestsFor, cleanup } = await setup();
  t.after(cleanup);
  server.chunkDelayMs = 5;
  t.after(() => {
    server.chunkDelayMs = 0;
  });
  const [first, second] = await Promise.all([fetchSmall(context), fetchSmall(context)]);
  assert.equal(first.path, second.path);
  assert.deepEqual([first.alreadyCached, second.alreadyCached].sort(), [false, true]);
  assert.equal(first.sha256, MODEL_SHA);
  assert.equal(second.sha256, MODEL_SHA);
  assert.equal(requestsFor('small.onnx').length, 1);
  assert.ok(err.some((line) => line.startsWith('waiting for another fetch of da-v2-small')));
  assert.deepEqual(await readFile(first.path), MODEL);
  assert.deepEqual((await readdir(dir)).sort(), ['da-v2-small.onnx', 'da-v2-small.onnx.json']);
});

test('fetch: a lock left by a process that is gone is taken over', async (t) => {
  const { dir, context, cleanup } = await setup();
  t.after(cleanup);
  await mkdir(dir, { recursive: true });
  // A process id far above any pid_max: not running.
  await writeFile(join(dir, 'da-v2-small.onnx.lock'), '2147483646\n');
  const result = await fetchSmall(context);
  assert.deepEqual(await readFile(result.path), MODEL);
});

test('verify: ok for an intact model, FAILED for a corrupted one; a model not cached names the fetch command', async (t) => {
  const { context, out, cleanup } = await setup();
  t.after(cleanup);
  await assert.rejects(verifyModels({ name: 'da-v2-small', context }), (error: unknown) => error instanceof NotFoundError && /stereo-spot models fetch da-v2-small/.test(error.message));
  const { path } = await fetchSmall(context);
  out.length = 0;
  const outcomes = await verifyModels({ context });
  assert.deepEqual(outcomes.map((outcome) => [outcome.name, outcome.ok]), [['da-v2-small', true]]);
  assert.match(out[0] ?? '', /^ok +da-v2-small/);

  const corrupted = await readFile(path);
  corrupted[1000] = (corrupted[1000] ?? 0) ^ 0x01;
  await writeFile(path, corrupted);
  out.length = 0;
  await assert.rejects(verifyModels({ name: 'da-v2-small', context }), (error: unknown) => error instanceof IntegrityError && /da-v2-small failed verification/.test(error.message));
  assert.match(out[0] ?? '', /^FAILED da-v2-small: SHA-256/);
});

test('path, list and remove', async (t) => {
  const { dir, context, out, cleanup } = await setup();
  t.after(cleanup);
  await assert.rejects(modelPath({ name: 'da-v2-large', context }), (error: unknown) => error instanceof NotFoundError && /models fetch da-v2-large --accept-license/.test(error.message));
  await assert.rejects(modelPath({ name: 'no-such-model', context }), (error: unknown) => error instanceof UsageError && /known: da-v2-small, da-v2-large/.test(error.message));
  const { path } = await fetchSmall(context);
  out.length = 0;
  assert.equal(await modelPath({ name: 'da-v2-small', context }), path);
  assert.deepEqual(out, [path]);

  out.length = 0;
  const listings = await listModels({ json: true, context });
  assert.deepEqual(listings.map((listing) => [listing.name, listing.cached, listing.sizeIsApproximate]), [['da-v2-small', true, false], ['da-v2-large', false, true]]);
  assert.equal(listings[0]?.sizeBytes, MODEL.length);
  const json = JSON.parse(out[0] ?? '{}') as { cache_dir: string; models: Array<{ name: string; size_bytes: number; cached: boolean; commercial_use: boolean }> };
  assert.equal(json.cache_dir, dir);
  assert.deepEqual(json.models.map((model) => [model.name, model.size_bytes, model.cached, model.commercial_use]), [['da-v2-small', MODEL.length, true, true], ['da-v2-large', DEPTH_MODEL_CATALOGUE['da-v2-large'].approxBytes, false, false]]);
  out.length = 0;
  await listModels({ json: false, context });
  assert.match(out[0] ?? '', /^NAME +SIZE +LICENCE/);
  assert.match(out[2] ?? '', /^da-v2-large .*CC-BY-NC-4\.0 \(non-commercial\)/);

  await writeFile(join(dir, 'da-v2-small.onnx.partial'), 'left over');
  assert.equal(await removeModel({ name: 'da-v2-small', context }), true);
  assert.deepEqual(await readdir(dir), []);
  assert.equal(await removeModel({ name: 'da-v2-small', context }), false);
});
