import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '@stereo-spot/shared-types';

/** Environment variable naming the depth model when no `--model` flag is given. */
export const DEPTH_MODEL_ENV = 'STEREO_DEPTH_MODEL';

/**
 * The depth model file to load: the `--model` option if given, else `STEREO_DEPTH_MODEL`. Returns an absolute path;
 * throws a UsageError when neither is set or the path is not an existing file, so a bad flag fails before any
 * video is decoded.
 */
export function resolveModelPath({ option, env = process.env }: { option?: string; env?: Readonly<Record<string, string | undefined>> }): string {
  const fromOption = option?.trim();
  const fromEnv = env[DEPTH_MODEL_ENV]?.trim();
  const given = fromOption || fromEnv;
  if (!given) {
    throw new UsageError(`The onnx depth estimator needs a model file: pass --model <file.onnx> or set ${DEPTH_MODEL_ENV}`);
  }
  const source = fromOption ? '--model' : DEPTH_MODEL_ENV;
  const path = resolve(given);
  assertModelFile({ path, source });
  return path;
}

/** Throws a UsageError unless `path` is an existing regular file. `source` names where the path came from. */
export function assertModelFile({ path, source = 'modelPath' }: { path: string; source?: string }): void {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) throw new UsageError(`Depth model file not found: ${path} (from ${source})`);
  if (!stats.isFile()) throw new UsageError(`Depth model path is not a file: ${path} (from ${source})`);
}
