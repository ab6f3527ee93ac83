import { BUILT_IN_DEPTH_MODELS, CATALOGUE_MODEL_NAMES, cachedModelPath, type DepthModel } from '@stereo-spot/shared-types';
import type { WorkerConfig } from './worker-config.js';

/**
 * The estimators this machine's workers can run: the built-in ones (`onnx` only when a model file is
 * configured) and the catalogue models in its model cache. Read when the server starts.
 */
export function localDepthModels(config: Pick<WorkerConfig, 'depthModelPath'>, env: Readonly<Record<string, string | undefined>> = process.env): DepthModel[] {
  const builtIn = BUILT_IN_DEPTH_MODELS.filter((model) => model !== 'onnx' || config.depthModelPath !== undefined);
  const cached = CATALOGUE_MODEL_NAMES.filter((name) => cachedModelPath({ name, env }) !== undefined);
  return [...builtIn, ...cached];
}
