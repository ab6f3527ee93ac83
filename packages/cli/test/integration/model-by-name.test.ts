import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClip, inspectMedia } from '@stereo-spot/test-kit';
import type { CreateJobResponse, JobView } from '@stereo-spot/shared-types';
import { channelModel } from '../../../stereo-engine/test/fixtures/onnx/build-test-models.ts';
import { ModelFileServer } from '../model-file-server.ts';
import { runCli } from './run-cli.ts';
import { startServe, waitForJob } from './serve-process.ts';

// A depth model named from the catalogue, fetched from a loopback mirror (a model the test builds: depth = the
// red channel), then used by name through `convert` and through the web UI. Nothing leaves the machine.
const server = new ModelFileServer();
let dir: string;
let env: Record<string, string>;
let clip: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-model-by-name-'));
  server.files.set('/mirror/da-v2-small.onnx', Buffer.from(channelModel({ channel: 0 })));
  env = { STEREO_SPOT_MODEL_DIR: join(dir, 'models'), STEREO_SPOT_MODEL_MIRROR: `${await server.start()}/mirror` };
  clip = join(dir, 'clip.mp4');
  await generateClip({ path: clip, durationSec: 2, width: 160, height: 90, fps: 10, gop: 10 });
});
after(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

test('convert --depth da-v2-small: refused at once with the fetch command until fetched, then converts with the fetched model', async () => {
  const missing = await runCli(['convert', clip, '-o', join(dir, 'missing.mp4'), '--depth', 'da-v2-small', '--data-dir', join(dir, 'data-missing')], env);
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /da-v2-small is not in the model cache; fetch it with: stereo-spot models fetch da-v2-small/);

  const fetched = await runCli(['models', 'fetch', 'da-v2-small', '--allow-http'], env);
  assert.equal(fetched.code, 0, fetched.stderr);
  assert.equal(fetched.stdout.trim(), join(dir, 'models', 'da-v2-small.onnx'));

  const named = join(dir, 'named.mp4');
  const run = await runCli(['convert', clip, '-o', named, '--depth', 'da-v2-small', '--data-dir', join(dir, 'data-named')], env);
  assert.equal(run.code, 0, run.stderr);
  const media = await inspectMedia(named);
  assert.equal(media.width, 320);
  assert.equal(media.videoFrames, 20);

  // The same file given by path with `--depth onnx` and the catalogue's settings would be the same conversion; the
  // heuristic's is another: the named model was the one used.
  const heuristic = join(dir, 'heuristic.mp4');
  assert.equal((await runCli(['convert', clip, '-o', heuristic, '--data-dir', join(dir, 'data-heuristic')], env)).code, 0);
  assert.notDeepEqual(await readFile(named), await readFile(heuristic));
});

test('the web UI offers the cached catalogue model with its licence and speed, and converts a job that names it', async (t) => {
  const served = await startServe({ dataDir: join(dir, 'data-serve'), env });
  t.after(() => served.stop());
  const form = await (await fetch(`${served.base}/`)).text();
  assert.match(form, /<option value="da-v2-small">Depth Anything V2 Small \(ViT-S, 25M parameters\): Apache-2\.0, slower<\/option>/);
  // Models not in this machine's cache are not offered.
  assert.doesNotMatch(form, /value="da-v2-large"/);

  const refused = await fetch(`${served.base}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ format: 'sbs-full', depth: 'da-v2-large' }) });
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /da-v2-large.*is not available here/);

  const created = await fetch(`${served.base}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ format: 'sbs-full', depth: 'da-v2-small' }) });
  assert.equal(created.status, 201);
  const { job_id: jobId, upload } = (await created.json()) as CreateJobResponse;
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: await readFile(clip) });
  assert.equal(put.status, 200);
  const job = await waitForJob<JobView>({ base: served.base, jobId, done: (j) => j.status === 'completed' || j.status === 'failed', timeoutMs: 90_000 });
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  assert.equal(job.depth, 'da-v2-small');
});
