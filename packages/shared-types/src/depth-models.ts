import { z } from 'zod';
import { CATALOGUE_MODEL_NAMES, type CatalogueModelName } from './depth-model-catalogue.js';

/**
 * Depth estimators a job can ask for: `heuristic` (motion parallax + ground prior, no model file), `onnx` (the
 * worker's own relative-depth model file, `STEREO_DEPTH_MODEL`), `passthrough` (no conversion; for pipeline
 * tests), and every model of the catalogue by name (`da-v2-small`…: the file `stereo-spot models fetch` put in
 * the worker's model cache, run with the catalogue's settings). Every map over the union must handle a new case
 * before it compiles.
 */
export const BUILT_IN_DEPTH_MODELS = ['heuristic', 'onnx', 'passthrough'] as const;
export type BuiltInDepthModel = (typeof BUILT_IN_DEPTH_MODELS)[number];
export const DEPTH_MODELS = [...BUILT_IN_DEPTH_MODELS, ...CATALOGUE_MODEL_NAMES] as const;
export type DepthModel = BuiltInDepthModel | CatalogueModelName;
export const depthModelSchema = z.enum(DEPTH_MODELS);
export const DEFAULT_DEPTH_MODEL: DepthModel = 'heuristic';
