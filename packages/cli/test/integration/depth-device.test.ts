import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClip } from '@stereo-spot/test-kit';
import { meanModel } from '../../../stereo-engine/test/fixtures/onnx/build-test-models.ts';
import { runCli } from './run-cli.ts';

// This machine has no GPU, and onnxruntime-node's npm package carries only the CPU provider: asking for CUDA must
// reach onnxruntime and fail the job with the reason, never run on the CPU unnoticed.
test('STEREO_DEPTH_EXECUTION_PROVIDER=cuda reaches the ONNX session of the video worker', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-device-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const input = join(dir, 'in.mp4');
  const model = join(dir, 'depth.onnx');
  await generateClip({ path: input, durationSec: 1, fps: 10, width: 64, height: 36 });
  await writeFile(model, meanModel());

  const run = await runCli(['convert', input, '-o', join(dir, 'out.mp4'), '--depth', 'onnx', '--model', model, '--data-dir', join(dir, 'data')], {
    STEREO_DEPTH_EXECUTION_PROVIDER: 'cuda',
  });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /conversion failed at video: .*CUDA execution provider is not available/);

  const bad = await runCli(['convert', input, '--depth', 'onnx', '--model', model, '--data-dir', join(dir, 'data')], { STEREO_DEPTH_EXECUTION_PROVIDER: 'tpu' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /STEREO_DEPTH_EXECUTION_PROVIDER/);
});
