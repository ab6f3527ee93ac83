import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@stereo-spot/shared-types';
import { defaultOutputPath } from '../src/commands/convert.ts';
import { readWorkerConfig } from '../src/worker-config.ts';
import { openBackend, openEmbeddedBackend } from '../src/open-backend.ts';
import { localDepthModels } from '../src/local-depth-models.ts';

test('worker config: defaults, overrides, and one message naming every bad variable', () => {
  assert.deepEqual(readWorkerConfig({}), {
    storageAdapter: 'local',
    defaultSegmentSeconds: 300,
    maxReceiveCount: 4,
    reassemblyLeaseSec: 180,
    tuning: { visibilityTimeoutSec: 60, waitSeconds: 5, retryBaseSec: 2 },
    depthModelPath: undefined,
    depthExecutionProvider: 'cpu',
    metrics: { port: undefined, host: 'localhost' },
  });
  assert.deepEqual(readWorkerConfig({ METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' }).metrics, { port: 0, host: '127.0.0.1' });
  assert.throws(() => readWorkerConfig({ METRICS_PORT: '70000' }), /METRICS_PORT/);
  assert.equal(readWorkerConfig({ STEREO_DEPTH_EXECUTION_PROVIDER: 'cuda' }).depthExecutionProvider, 'cuda');
  assert.deepEqual(readWorkerConfig({ STEREO_SPOT_DEPTH_MODELS: 'heuristic, da-v2-small' }).offeredDepthModels, ['heuristic', 'da-v2-small']);
  assert.throws(() => readWorkerConfig({ STEREO_SPOT_DEPTH_MODELS: 'heuristic,depth-pro' }), /STEREO_SPOT_DEPTH_MODELS/);
  assert.throws(() => readWorkerConfig({ STEREO_SPOT_DEPTH_MODELS: ' , ' }), /STEREO_SPOT_DEPTH_MODELS/);
  assert.equal(readWorkerConfig({ CHUNK_SEGMENT_DURATION_SEC: '30' }).defaultSegmentSeconds, 30);
  assert.equal(readWorkerConfig({ STEREO_SPOT_REASSEMBLY_LEASE_SEC: '20' }).reassemblyLeaseSec, 20);
  assert.throws(() => readWorkerConfig({ STEREO_SPOT_REASSEMBLY_LEASE_SEC: '0' }), /STEREO_SPOT_REASSEMBLY_LEASE_SEC/);
  assert.throws(
    () => readWorkerConfig({ STORAGE_ADAPTER: 'gcs', CHUNK_SEGMENT_DURATION_SEC: 'soon' }),
    (error: unknown) => error instanceof UsageError && /STORAGE_ADAPTER/.test(error.message) && /CHUNK_SEGMENT_DURATION_SEC/.test(error.message),
  );
});

test('default output sits next to the input, named after it with the tag players read and the container', () => {
  assert.equal(defaultOutputPath({ input: '/videos/holiday.mov', format: 'tb-half' }), '/videos/holiday_3dv.mp4');
  assert.equal(defaultOutputPath({ input: '/videos/holiday.mov', format: 'sbs-full', container: 'mkv' }), '/videos/holiday_LR.mkv');
});

test('STORAGE_ADAPTER=aws: the worker backend names every missing variable in one message; convert refuses it', async () => {
  const config = readWorkerConfig({ STORAGE_ADAPTER: 'aws' });
  assert.equal(config.storageAdapter, 'aws');
  await assert.rejects(openBackend({ config, dataDir: '.unused', env: { STORAGE_ADAPTER: 'aws', JOBS_TABLE_NAME: 'jobs' } }), (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.match(error.message, /INPUT_BUCKET_NAME, OUTPUT_BUCKET_NAME, SEGMENT_COMPLETIONS_TABLE_NAME, REASSEMBLY_TRIGGERED_TABLE_NAME, CHUNKING_QUEUE_URL, VIDEO_WORKER_QUEUE_URL, REASSEMBLY_QUEUE_URL$/);
    return true;
  });
  await assert.rejects(openEmbeddedBackend({ config, dataDir: '.unused' }), /convert runs on the embedded backend/);
});

test("the embedded server offers the built-in estimators (onnx only with a model file) and the catalogue models in this machine's cache", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-local-models-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const env = { STEREO_SPOT_MODEL_DIR: dir };
  assert.deepEqual(localDepthModels({}, env), ['heuristic', 'passthrough']);
  await writeFile(join(dir, 'da-v2-small.onnx'), 'model');
  await writeFile(join(dir, 'da-v2-large.onnx.partial'), 'half');
  assert.deepEqual(localDepthModels({ depthModelPath: 'own.onnx' }, env), ['heuristic', 'onnx', 'passthrough', 'da-v2-small']);
});
