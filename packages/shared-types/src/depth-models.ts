import { z } from 'zod';

/**
 * Depth estimators a job can ask for: `heuristic` (motion parallax + ground prior, no model file), `onnx` (a
 * relative-depth model file on the worker), `passthrough` (no conversion; for pipeline tests). Every map over
 * the union must handle a new case before it compiles.
 */
export const DEPTH_MODELS = ['heuristic', 'onnx', 'passthrough'] as const;
export type DepthModel = (typeof DEPTH_MODELS)[number];
export const depthModelSchema = z.enum(DEPTH_MODELS);
export const DEFAULT_DEPTH_MODEL: DepthModel = 'heuristic';
