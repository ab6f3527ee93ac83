import { NotFoundError, cachedModelSize, modelCacheDir, modelFiles, fetchCommand } from '@stereo-spot/shared-types';
import { catalogueModel, type ModelsContext } from './models-context.js';

/** `stereo-spot models path NAME`: prints the cached model's path; a NotFoundError naming the fetch command when it is not cached. */
export async function modelPath({ name, context }: { name: string; context: ModelsContext }): Promise<string> {
  const model = catalogueModel(context, name);
  const files = modelFiles(modelCacheDir(context.env), model.name);
  if ((await cachedModelSize(files)) === undefined) throw new NotFoundError(`${model.name} is not in the cache; fetch it with: ${fetchCommand(model)}`);
  context.out(files.model);
  return files.model;
}
