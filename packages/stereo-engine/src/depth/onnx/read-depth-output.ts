import { UsageError } from '@stereo-spot/shared-types';
import type { Size } from './model-input-size.js';

/** Below this a depth value counts as this (zero or negative = invalid pixels in metric models). */
const MIN_DEPTH = 1e-6;

/**
 * The output's spatial size if `dims` is `[1, H, W]` or `[1, 1, H, W]`, else a UsageError: such a model is not a
 * single-map depth model. Symbolic dims (strings, from session metadata) are accepted as unknown sizes.
 */
export function depthOutputSize({ dims, name }: { dims: ReadonlyArray<number | string>; name: string }): { width: number | string; height: number | string } {
  const leading = dims.slice(0, -2);
  const ok = (dims.length === 3 || dims.length === 4) && leading.every((dim) => dim === 1 || typeof dim === 'string');
  if (!ok) {
    throw new UsageError(`Depth model output '${name}' has shape [${dims.join(', ')}]; expected [1, H, W] or [1, 1, H, W] (one relative-depth map)`);
  }
  return { width: dims[dims.length - 1]!, height: dims[dims.length - 2]! };
}

/**
 * Raw inverse depth (larger = nearer) from one inference output. `outputIsDepth`: the model gives depth, which is
 * inverted as 1/d — disparity is proportional to inverse depth, so a linear flip would distort the scene.
 */
export function readDepthOutput({ data, dims, name, outputIsDepth }: {
  data: unknown;
  dims: readonly number[];
  name: string;
  outputIsDepth: boolean;
}): Size & { values: Float32Array } {
  const { width, height } = depthOutputSize({ dims, name }) as Size;
  if (!(data instanceof Float32Array)) {
    throw new UsageError(`Depth model output '${name}' is not float32 (${(data as object | null)?.constructor?.name ?? typeof data}); export the model with float32 outputs`);
  }
  if (!outputIsDepth) return { width, height, values: data };
  const values = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) values[i] = 1 / Math.max(data[i]!, MIN_DEPTH);
  return { width, height, values };
}
