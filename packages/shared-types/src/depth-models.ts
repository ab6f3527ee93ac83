import { z } from 'zod';

/**
 * Depth estimators a job can ask for. Only the pass-through model exists until the stereo engine lands;
 * the union grows with it, and every map over it must then handle the new case.
 */
export const DEPTH_MODELS = ['passthrough'] as const;
export type DepthModel = (typeof DEPTH_MODELS)[number];
export const depthModelSchema = z.enum(DEPTH_MODELS);
export const DEFAULT_DEPTH_MODEL: DepthModel = 'passthrough';
