import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '@stereo-spot/shared-types';
import { onnxEstimatorSpec } from '../src/segment-models.ts';

test("onnx jobs get the worker's model file on the worker's device, CPU unless told", () => {
  assert.deepEqual(onnxEstimatorSpec({ depthModelPath: 'models/depth.onnx' }), { kind: 'onnx', modelPath: 'models/depth.onnx', executionProvider: 'cpu' });
  assert.deepEqual(onnxEstimatorSpec({ depthModelPath: 'models/depth.onnx', executionProvider: 'cuda' }), { kind: 'onnx', modelPath: 'models/depth.onnx', executionProvider: 'cuda' });
  assert.throws(() => onnxEstimatorSpec({ executionProvider: 'cuda' }), (error: unknown) => error instanceof UsageError && /STEREO_DEPTH_MODEL/.test(error.message));
});
