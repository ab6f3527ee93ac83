import { UsageError, type DepthModel } from '@stereo-spot/shared-types';
import type { EstimatorSpec } from '@stereo-spot/stereo-engine';
import { passthroughModel } from './passthrough-model.js';
import type { SegmentModel } from './segment-model.js';
import { createStereoModel } from './stereo-model.js';

/**
 * One model per depth estimator name: a new estimator that is not wired here fails to compile.
 * `depthModelPath` is the worker's own ONNX model file (never a path sent by a client).
 */
export function createSegmentModels(settings: OnnxWorkerSettings = {}): Readonly<Record<DepthModel, SegmentModel>> {
  return {
    heuristic: createStereoModel({ estimator: () => ({ kind: 'heuristic' }) }),
    onnx: createStereoModel({ estimator: () => onnxEstimatorSpec(settings) }),
    passthrough: passthroughModel,
  };
}

export interface OnnxWorkerSettings {
  depthModelPath?: string;
  /** `cuda` on GPU nodes; default `cpu`. */
  executionProvider?: 'cpu' | 'cuda';
}

/** The estimator an `onnx` job gets on this worker: the worker's model file, on the worker's device. */
export function onnxEstimatorSpec({ depthModelPath, executionProvider = 'cpu' }: OnnxWorkerSettings): EstimatorSpec {
  if (!depthModelPath) throw new UsageError('this worker has no ONNX depth model: set STEREO_DEPTH_MODEL (or --model) to a model file');
  return { kind: 'onnx', modelPath: depthModelPath, executionProvider };
}
