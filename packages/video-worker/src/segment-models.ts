import { CATALOGUE_MODEL_NAMES, DEPTH_MODEL_CATALOGUE, UsageError, cachedModelPath, fetchCommand, type CatalogueModelName, type DepthModel } from '@stereo-spot/shared-types';
import type { EstimatorSpec } from '@stereo-spot/stereo-engine';
import { passthroughModel } from './passthrough-model.js';
import type { SegmentModel } from './segment-model.js';
import { createStereoModel } from './stereo-model.js';

/**
 * One model per depth estimator name: a new estimator that is not wired here fails to compile.
 * `depthModelPath` is the worker's own ONNX model file (never a path sent by a client); catalogue models come
 * from the worker's model cache.
 */
export function createSegmentModels(settings: OnnxWorkerSettings = {}): Readonly<Record<DepthModel, SegmentModel>> {
  const catalogue = Object.fromEntries(CATALOGUE_MODEL_NAMES.map((name) => [name, createStereoModel({ estimator: () => catalogueEstimatorSpec(name, settings) })])) as Record<CatalogueModelName, SegmentModel>;
  return {
    heuristic: createStereoModel({ estimator: () => ({ kind: 'heuristic' }) }),
    onnx: createStereoModel({ estimator: () => onnxEstimatorSpec(settings) }),
    passthrough: passthroughModel,
    ...catalogue,
  };
}

export interface OnnxWorkerSettings {
  depthModelPath?: string;
  /** `cuda` on GPU nodes; default `cpu`. */
  executionProvider?: 'cpu' | 'cuda';
  /** The environment the model cache folder is read from (`STEREO_SPOT_MODEL_DIR`…); default the process's. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The estimator an `onnx` job gets on this worker: the worker's model file, on the worker's device. */
export function onnxEstimatorSpec({ depthModelPath, executionProvider = 'cpu' }: OnnxWorkerSettings): EstimatorSpec {
  if (!depthModelPath) throw new UsageError('this worker has no ONNX depth model: set STEREO_DEPTH_MODEL (or --model) to a model file');
  return { kind: 'onnx', modelPath: depthModelPath, executionProvider };
}

/**
 * The estimator a job naming a catalogue model gets: the cached file with the catalogue's settings, on the
 * worker's device. Not cached here: a UsageError (permanent, so the job fails at once) naming the fetch command.
 */
export function catalogueEstimatorSpec(name: CatalogueModelName, { executionProvider = 'cpu', env = process.env }: OnnxWorkerSettings): EstimatorSpec {
  const model = DEPTH_MODEL_CATALOGUE[name];
  const modelPath = cachedModelPath({ name, env });
  if (!modelPath) throw new UsageError(`the depth model ${name} is not on this worker; fetch it with: ${fetchCommand(model)} (or set STEREO_SPOT_MODEL_DIR to a folder that holds it)`);
  return { kind: 'onnx', modelPath, executionProvider, ...model.estimator };
}
