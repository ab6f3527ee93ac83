import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPTH_MODEL_CATALOGUE, UsageError, isPermanent } from '@stereo-spot/shared-types';
import { catalogueEstimatorSpec, onnxEstimatorSpec } from '../src/segment-models.ts';

test("onnx jobs get the worker's model file on the worker's device, CPU unless told", () => {
  assert.deepEqual(onnxEstimatorSpec({ depthModelPath: 'models/depth.onnx' }), { kind: 'onnx', modelPath: 'models/depth.onnx', executionProvider: 'cpu' });
  assert.deepEqual(onnxEstimatorSpec({ depthModelPath: 'models/depth.onnx', executionProvider: 'cuda' }), { kind: 'onnx', modelPath: 'models/depth.onnx', executionProvider: 'cuda' });
  assert.throws(() => onnxEstimatorSpec({ executionProvider: 'cuda' }), (error: unknown) => error instanceof UsageError && /STEREO_DEPTH_MODEL/.test(error.message));
});

test('a job naming a catalogue model gets the cached file with the catalogue settings; without it, a permanent error naming the fetch command', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-segment-models-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const env = { STEREO_SPOT_MODEL_DIR: dir };
  assert.throws(
    () => catalogueEstimatorSpec('da-v2-small', { env }),
    (error: unknown) => error instanceof UsageError && isPermanent(error) && /not on this worker; fetch it with: stereo-spot models fetch da-v2-small \(/.test(error.message),
  );
  assert.throws(() => catalogueEstimatorSpec('da-v2-base', { env }), /stereo-spot models fetch da-v2-base --accept-license/);

  await writeFile(join(dir, 'midas-v21-small.onnx'), 'model');
  assert.deepEqual(catalogueEstimatorSpec('midas-v21-small', { env, executionProvider: 'cuda' }), {
    kind: 'onnx',
    modelPath: join(dir, 'midas-v21-small.onnx'),
    executionProvider: 'cuda',
    ...DEPTH_MODEL_CATALOGUE['midas-v21-small'].estimator,
  });
  // A download still in progress is not a model.
  await writeFile(join(dir, 'da-v2-small.onnx.partial'), 'half');
  assert.throws(() => catalogueEstimatorSpec('da-v2-small', { env }), UsageError);
});
