import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEPTH_MODEL_CATALOGUE, UsageError } from '@stereo-spot/shared-types';
import { assertDownloadUrl, modelDownloadUrl } from '../src/models/model-source.ts';

test('download URLs: https always; http only when allowed; anything else never', () => {
  assert.equal(assertDownloadUrl({ url: 'https://example.org/m.onnx', allowHttp: false }).href, 'https://example.org/m.onnx');
  assert.equal(assertDownloadUrl({ url: 'http://10.0.0.5/m.onnx', allowHttp: true }).protocol, 'http:');
  assert.throws(() => assertDownloadUrl({ url: 'http://10.0.0.5/m.onnx', allowHttp: false }), (error: unknown) => error instanceof UsageError && /--allow-http/.test(error.message));
  assert.throws(() => assertDownloadUrl({ url: 'file:///etc/passwd', allowHttp: true }), UsageError);
  assert.throws(() => assertDownloadUrl({ url: 'not a url', allowHttp: true }), UsageError);
});

test('the catalogue URL, or <STEREO_SPOT_MODEL_MIRROR>/<name>.onnx with or without a trailing slash', () => {
  const model = DEPTH_MODEL_CATALOGUE['da-v2-small'];
  assert.equal(modelDownloadUrl({ model, env: {}, allowHttp: false }).href, model.url);
  for (const mirror of ['https://mirror.example/models', 'https://mirror.example/models/']) {
    assert.equal(modelDownloadUrl({ model, env: { STEREO_SPOT_MODEL_MIRROR: mirror }, allowHttp: false }).href, 'https://mirror.example/models/da-v2-small.onnx');
  }
  assert.throws(() => modelDownloadUrl({ model, env: { STEREO_SPOT_MODEL_MIRROR: 'http://mirror.local' }, allowHttp: false }), UsageError);
});
