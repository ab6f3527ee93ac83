import { rm } from 'node:fs/promises';
import { acquireCacheLock } from './cache-lock.js';
import { cachedModelSize, modelCacheDir, modelFiles } from '@stereo-spot/shared-types';
import { catalogueModel, type ModelsContext } from './models-context.js';

/**
 * `stereo-spot models remove NAME`: deletes the cached model, its record and any partial download (after a fetch
 * of it in progress has finished). Returns whether a model was there.
 */
export async function removeModel({ name, context }: { name: string; context: ModelsContext }): Promise<boolean> {
  const model = catalogueModel(context, name);
  const files = modelFiles(modelCacheDir(context.env), model.name);
  const lock = await acquireCacheLock({ path: files.lock, onWait: () => context.err(`waiting for a fetch of ${model.name} to finish`) });
  try {
    const cached = (await cachedModelSize(files)) !== undefined;
    await Promise.all([files.model, files.record, files.partial].map((path) => rm(path, { force: true })));
    context.err(cached ? `removed ${files.model}` : `${model.name} was not in the cache`);
    return cached;
  } finally {
    await lock.release();
  }
}
