import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATALOGUE_MODEL_NAMES, BUILT_IN_DEPTH_MODELS, DEPTH_MODELS, DEPTH_MODEL_CATALOGUE, RECOMMENDED_CATALOGUE_MODEL, catalogueModelFileName, isCatalogueModelName } from '@stereo-spot/shared-types';
import type { OnnxEstimatorOptions } from '../src/depth/onnx/onnx-estimator-options.js';

test('every catalogue model: its key is its name, an HTTPS URL, well-formed pins, a licence, and settings the ONNX estimator takes as they are', () => {
  assert.deepEqual(Object.keys(DEPTH_MODEL_CATALOGUE), [...CATALOGUE_MODEL_NAMES]);
  for (const name of CATALOGUE_MODEL_NAMES) {
    const model = DEPTH_MODEL_CATALOGUE[name];
    assert.equal(model.name, name);
    assert.equal(new URL(model.url).protocol, 'https:', name);
    if (model.sha256 !== undefined) assert.match(model.sha256, /^[0-9a-f]{64}$/, name);
    if (model.sizeBytes !== undefined) assert.ok(Number.isInteger(model.sizeBytes) && model.sizeBytes > 0, name);
    assert.ok(model.approxBytes > 0, name);
    assert.match(model.licence.spdx, /^[A-Za-z0-9.-]+$/, name);
    assert.equal(new URL(model.licence.url).protocol, 'https:', name);
    // The catalogue's settings are spread into the estimator's options: the names and types must be its own.
    const options: OnnxEstimatorOptions = { modelPath: catalogueModelFileName(name), ...model.estimator };
    assert.equal(options.inputWidth! % options.sizeMultiple!, 0, `${name}: input width a multiple of the patch size`);
    assert.equal(options.inputHeight! % options.sizeMultiple!, 0, `${name}: input height a multiple of the patch size`);
    assert.equal(options.outputIsDepth, model.output !== 'relative-inverse-depth', name);
    for (const std of model.estimator.std) assert.ok(std > 0, name);
  }
});

test('catalogue: licences that forbid commercial use are marked; the recommended model allows it', () => {
  assert.equal(DEPTH_MODEL_CATALOGUE['da-v2-small'].licence.spdx, 'Apache-2.0');
  assert.equal(DEPTH_MODEL_CATALOGUE['midas-v21-small'].licence.spdx, 'MIT');
  for (const name of ['da-v2-base', 'da-v2-large'] as const) {
    assert.deepEqual([DEPTH_MODEL_CATALOGUE[name].licence.spdx, DEPTH_MODEL_CATALOGUE[name].licence.commercialUse], ['CC-BY-NC-4.0', false]);
  }
  assert.equal(DEPTH_MODEL_CATALOGUE[RECOMMENDED_CATALOGUE_MODEL].licence.commercialUse, true);
  assert.equal(DEPTH_MODEL_CATALOGUE['da-v2-small'].estimator.sizeMultiple, 14);
  assert.ok(isCatalogueModelName('da-v2-small'));
  // Catalogue names are accepted by --depth beside the built-in estimators: they must not collide.
  for (const depth of BUILT_IN_DEPTH_MODELS) assert.ok(!isCatalogueModelName(depth), depth);
  assert.deepEqual(
    DEPTH_MODELS.filter((depth) => isCatalogueModelName(depth)),
    Object.keys(DEPTH_MODEL_CATALOGUE),
  );
});
