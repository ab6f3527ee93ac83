import type { DepthEstimator } from '../depth-estimator.js';
import type { DepthMap } from '../frame.js';
import { createFixedDepthEstimator } from './fixed-depth-estimator.js';
import { createHeuristicEstimator, type HeuristicOptions } from './heuristic/heuristic-estimator.js';
import { createOnnxEstimator, type OnnxEstimatorOptions } from './onnx/index.js';

/** Which depth estimator a conversion uses, and its settings. */
export type EstimatorSpec =
  | { kind: 'heuristic'; options?: Partial<HeuristicOptions> }
  | ({ kind: 'onnx' } & OnnxEstimatorOptions)
  | { kind: 'fixed'; depth: DepthMap };

type Factories = { [K in EstimatorSpec['kind']]: (spec: Extract<EstimatorSpec, { kind: K }>) => Promise<DepthEstimator> | DepthEstimator };

const FACTORIES: Factories = {
  heuristic: (spec) => createHeuristicEstimator(spec.options),
  onnx: ({ kind: _kind, ...options }) => createOnnxEstimator(options),
  fixed: (spec) => createFixedDepthEstimator(spec.depth),
};

export async function createEstimator(spec: EstimatorSpec): Promise<DepthEstimator> {
  return (FACTORIES[spec.kind] as (spec: EstimatorSpec) => Promise<DepthEstimator> | DepthEstimator)(spec);
}
