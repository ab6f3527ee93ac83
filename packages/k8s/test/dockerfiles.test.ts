/* eslint-disable @typescript-eslint/no-explicit-any -- parsed manifests are checked field by field */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { IMAGE_NAME, POD_WORKLOADS, type PodWorkload } from '@stereo-spot/aws-infra/workloads';
import { ModelFileServer } from '../../cli/test/model-file-server.ts';

/**
 * Docker cannot run here, so the Dockerfiles are checked for what can go wrong without it: files they copy,
 * pinned multi-stage bases, a non-root user that matches the pods' runAsUser, and entry commands (theirs and
 * the manifests') that the CLI accepts.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dockerfile = (workload: PodWorkload) => readFileSync(join(root, 'docker', `${workload}.Dockerfile`), 'utf8');
const instructions = (text: string) =>
  text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ op: l.split(/\s+/)[0]!.toUpperCase(), rest: l.slice(l.split(/\s+/)[0]!.length).trim() }));
const args = (text: string) => Object.fromEntries(instructions(text).filter((i) => i.op === 'ARG' && i.rest.includes('=')).map((i) => i.rest.split('=') as [string, string]));
const deployed: any[] = readdirSync(join(root, 'deploy'))
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((f) => parseAllDocuments(readFileSync(join(root, 'deploy', f), 'utf8')).map((d) => d.toJS()));
const cliHelp = (command: string) => execFileSync(process.execPath, [join(root, 'packages/cli/bin/stereo-spot.js'), command, '--help'], { encoding: 'utf8' });
const help = { worker: cliHelp('worker'), serve: cliHelp('serve') };

/** The command line is accepted by the CLI: a known command, a known role, and only options it documents. */
function assertCliAccepts(argv: string[], where: string) {
  const [command, ...rest] = argv;
  assert.ok(command === 'worker' || command === 'serve', `${where}: unknown command ${command}`);
  const text = help[command];
  if (command === 'worker') assert.match(text, new RegExp(`choices:[^)]*"${rest[0]}"`), `${where}: worker role ${rest[0]}`);
  for (const option of rest.filter((a) => a.startsWith('--'))) assert.ok(text.includes(`${option} `), `${where}: ${command} has no option ${option}`);
}

for (const workload of POD_WORKLOADS) {
  test(`docker/${workload}.Dockerfile: pinned multi-stage bases, copies what exists, non-root, an entry the CLI accepts`, () => {
    const text = dockerfile(workload);
    const steps = instructions(text);
    const defaults = args(text);
    const froms = steps.filter((s) => s.op === 'FROM').map((s) => s.rest.split(/\s+/)[0]!.replace(/^\$\{(\w+)\}$/, (_m, name: string) => defaults[name] ?? name));
    assert.ok(froms.length >= 2, 'multi-stage');
    const stages = new Set(steps.filter((s) => s.op === 'FROM' && /\sAS\s/i.test(s.rest)).map((s) => s.rest.split(/\s+AS\s+/i)[1]!.toLowerCase()));
    for (const image of froms.filter((f) => !stages.has(f.toLowerCase()))) assert.match(image, /^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$/, `base image ${image} is pinned to a full version`);
    for (const copy of steps.filter((s) => s.op === 'COPY' && !s.rest.startsWith('--from'))) {
      const sources = copy.rest.split(/\s+/).slice(0, -1);
      for (const source of sources) assert.ok(existsSync(join(root, source)), `COPY ${source} exists`);
    }
    const users = steps.filter((s) => s.op === 'USER');
    assert.equal(users.at(-1)?.rest, '10001:10001', 'runs as the uid the pods require (runAsNonRoot, runAsUser 10001)');
    const entrypoint = JSON.parse(steps.find((s) => s.op === 'ENTRYPOINT')!.rest) as string[];
    assert.deepEqual(entrypoint.slice(0, 1), ['node']);
    assert.ok(existsSync(join(root, entrypoint[1]!)), `entry ${entrypoint[1]} exists`);
    assertCliAccepts(JSON.parse(steps.find((s) => s.op === 'CMD')!.rest) as string[], `${workload} CMD`);
    for (const d of deployed.filter((o) => o.kind === 'Deployment' && o.spec.template.spec.containers[0].image === IMAGE_NAME[workload])) {
      assertCliAccepts(d.spec.template.spec.containers[0].args, `deploy/ ${d.metadata.name}`);
    }
  });
}

test('workers that touch media have ffmpeg; the video worker has CUDA, the CUDA provider of onnxruntime and a model path', () => {
  for (const workload of ['media-worker', 'video-worker'] as const) assert.match(dockerfile(workload), /apt-get install[^\n]*\bffmpeg\b/);
  const video = dockerfile('video-worker');
  assert.match(args(video).CUDA_IMAGE!, /^nvidia\/cuda:12\.[\d.]+-cudnn-runtime-/);
  assert.match(video, /ONNXRUNTIME_NODE_INSTALL_CUDA=v12 node node_modules\/onnxruntime-node\/script\/install\.js/);
  assert.ok(existsSync(join(root, 'node_modules/onnxruntime-node/script/install.js')));
  assert.match(video, /STEREO_DEPTH_MODEL=\/models\/depth\.onnx/);
  // onnx jobs run on the GPU (the setting packages/cli/src/worker-config.ts reads).
  assert.match(video, /STEREO_DEPTH_EXECUTION_PROVIDER=cuda\b/);
});

test("the video-worker image's model step, run as written: fetches the catalogue model named by DEPTH_MODEL, checked against DEPTH_MODEL_SHA256", async (t) => {
  const step = instructions(dockerfile('video-worker')).find((i) => i.op === 'RUN' && i.rest.includes('models fetch'));
  assert.ok(step, 'a RUN step that fetches the model');
  assert.match(step.rest, /STEREO_SPOT_MODEL_DIR=\/models /);
  assert.match(dockerfile('video-worker'), /ENV [^\n]*STEREO_SPOT_MODEL_DIR=\/models\b/, 'the workers look for catalogue models where the build put them');
  const server = new ModelFileServer();
  const model = Buffer.from('an onnx model, as far as this test goes');
  server.files.set('/mirror/da-v2-small.onnx', model);
  const mirror = `${await server.start()}/mirror`;
  const dir = mkdtempSync(join(tmpdir(), 'stereo-spot-image-models-'));
  t.after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const script = step.rest.replace('STEREO_SPOT_MODEL_DIR=/models ', `STEREO_SPOT_MODEL_DIR=${dir} `);
  // Asynchronous: the loopback server answers from this process.
  const build = (args: Record<string, string>) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      execFile('sh', ['-c', script], { cwd: root, env: { ...process.env, DEPTH_MODEL_MIRROR: mirror, DEPTH_MODEL_ALLOW_HTTP: '1', ...args }, timeout: 60_000 }, (error, _stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
      );
    });

  assert.equal((await build({})).status, 0, 'no DEPTH_MODEL: nothing fetched');
  assert.deepEqual(readdirSync(dir), []);
  const wrong = await build({ DEPTH_MODEL: 'da-v2-small', DEPTH_MODEL_SHA256: '0'.repeat(64) });
  assert.equal(wrong.status, 1, 'a wrong file fails the build');
  assert.match(wrong.stderr, /checksum mismatch/);
  assert.deepEqual(readdirSync(dir), []);
  const sha256 = createHash('sha256').update(model).digest('hex');
  const right = await build({ DEPTH_MODEL: 'da-v2-small', DEPTH_MODEL_SHA256: sha256 });
  assert.equal(right.status, 0, right.stderr);
  assert.deepEqual(readFileSync(join(dir, 'da-v2-small.onnx')), model);
  const refused = await build({ DEPTH_MODEL: 'da-v2-large' });
  assert.equal(refused.status, 2, 'a non-commercial licence needs DEPTH_MODEL_ACCEPT_LICENSE');
  assert.match(refused.stderr, /CC-BY-NC-4\.0/);
});

test('.dockerignore keeps dependencies, Git and build output out of the context, and keeps what the images copy', () => {
  const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  for (const pattern of ['.git', '**/node_modules', '**/dist']) assert.ok(ignored.includes(pattern), pattern);
  for (const kept of ['packages', 'package.json', 'package-lock.json', 'docker']) assert.ok(!ignored.includes(kept), kept);
});
