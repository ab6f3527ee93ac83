import { NotFoundError, cachedModelPath, fetchCommand } from '@stereo-spot/shared-types';
import { catalogueModel, type ModelsContext } from './models-context.js';

/** `stereo-spot models path NAME`: prints the cached model's path; a NotFoundError naming the fetch command when it is not cached. */
export async function modelPath({ name, context }: { name: string; context: ModelsContext }): Promise<string> {
  const model = catalogueModel(context, name);
  const path = cachedModelPath({ name: model.name, env: context.env });
  if (path === undefined) throw new NotFoundError(`${model.name} is not in the cache; fetch it with: ${fetchCommand(model)}`);
  context.out(path);
  return path;
}
