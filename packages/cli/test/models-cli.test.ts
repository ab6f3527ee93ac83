import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelFileServer } from './model-file-server.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAIN = join(ROOT, 'packages/cli/src/main.ts');
const MODEL = randomBytes(200_000);

const server = new ModelFileServer();
let mirror = '';
before(async () => {
  mirror = `${await server.start()}/mirror`;
  server.files.set('/mirror/da-v2-small.onnx', MODEL);
  server.files.set('/mirror/da-v2-large.onnx', MODEL);
});
after(() => server.stop());

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

test('stereo-spot models: two processes fetching one model at once leave one checked copy; exit statuses 0, 1 and 2', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-models-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const env = { STEREO_SPOT_MODEL_DIR: dir, STEREO_SPOT_MODEL_MIRROR: mirror };

  server.chunkDelayMs = 60;
  t.after(() => {
    server.chunkDelayMs = 0;
  });
  const [first, second] = await Promise.all([runCli(['models', 'fetch', 'da-v2-small', '--allow-http'], env), runCli(['models', 'fetch', 'da-v2-small', '--allow-http'], env)]);
  server.chunkDelayMs = 0;
  assert.equal(first.code, 0, first.stderr);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(first.stdout, `${join(dir, 'da-v2-small.onnx')}\n`);
  assert.equal(second.stdout, first.stdout);
  assert.deepEqual(await readFile(join(dir, 'da-v2-small.onnx')), MODEL);
  assert.equal(server.requests.filter((request) => request.path === '/mirror/da-v2-small.onnx' && request.range === undefined).length, 1);
  assert.deepEqual((await readdir(dir)).sort(), ['da-v2-small.onnx', 'da-v2-small.onnx.json']);

  const verify = await runCli(['models', 'verify'], env);
  assert.equal(verify.code, 0, verify.stderr);
  assert.match(verify.stdout, /^ok +da-v2-small [0-9a-f]{64}\n$/);

  const refused = await runCli(['models', 'fetch', 'da-v2-large', '--allow-http'], env);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /CC-BY-NC-4\.0/);
  assert.match(refused.stderr, /--accept-license/);

  const plainHttp = await runCli(['models', 'fetch', 'midas-v21-small'], env);
  assert.equal(plainHttp.code, 2);
  assert.match(plainHttp.stderr, /--allow-http/);

  const missing = await runCli(['models', 'fetch', 'midas-v21-small', '--allow-http'], env);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /stereo-spot: download failed: HTTP 404/);

  const notCached = await runCli(['models', 'path', 'da-v2-large'], env);
  assert.equal(notCached.code, 1);
  assert.match(notCached.stderr, /stereo-spot models fetch da-v2-large --accept-license/);

  const unknown = await runCli(['models', 'fetch', 'da-v3-huge'], env);
  assert.equal(unknown.code, 2);
});
