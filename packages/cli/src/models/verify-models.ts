import { IntegrityError, NotFoundError, cachedModelSize, modelCacheDir, modelFiles, readModelRecord, fetchCommand } from '@stereo-spot/shared-types';
import { expectedChecks } from './fetch-model.js';
import { catalogueModel, type ModelsContext } from './models-context.js';
import { sha256File } from './sha256-file.js';

export interface VerifyOutcome {
  name: string;
  ok: boolean;
  sha256: string;
  /** Why it failed. */
  problem?: string;
}

/**
 * `stereo-spot models verify [NAME]`: recomputes the SHA-256 (and size) of one cached model, or of every cached
 * one, against the catalogue's pin or the first fetch's record. Prints one line per model; throws an
 * IntegrityError naming those that fail, and a NotFoundError when the named model is not cached.
 */
export async function verifyModels({ name, context }: { name?: string; context: ModelsContext }): Promise<VerifyOutcome[]> {
  const dir = modelCacheDir(context.env);
  const names = name === undefined ? Object.keys(context.catalogue) : [catalogueModel(context, name).name];
  const outcomes: VerifyOutcome[] = [];
  for (const each of names) {
    const model = catalogueModel(context, each);
    const files = modelFiles(dir, model.name);
    const size = await cachedModelSize(files);
    if (size === undefined) {
      if (name !== undefined) throw new NotFoundError(`${model.name} is not in the cache (${dir}); fetch it with: ${fetchCommand(model)}`);
      continue;
    }
    const expected = expectedChecks(model, await readModelRecord(files));
    const sha256 = await sha256File(files.model);
    const problem =
      expected.sha256 === undefined
        ? 'no pinned or recorded SHA-256 to compare with (remove it and fetch it again)'
        : expected.sizeBytes !== undefined && size !== expected.sizeBytes
          ? `size ${size} bytes, expected ${expected.sizeBytes} ${expected.what}`
          : sha256 !== expected.sha256
            ? `SHA-256 ${sha256}, expected ${expected.sha256} ${expected.what}`
            : undefined;
    outcomes.push({ name: model.name, ok: problem === undefined, sha256, ...(problem ? { problem } : {}) });
    context.out(problem ? `FAILED ${model.name}: ${problem}` : `ok     ${model.name} ${sha256}`);
  }
  if (outcomes.length === 0) context.err(`no models in the cache (${dir})`);
  const failed = outcomes.filter((outcome) => !outcome.ok);
  if (failed.length > 0) {
    throw new IntegrityError(`${failed.map((outcome) => outcome.name).join(', ')} failed verification; remove and fetch again: ${failed.map((outcome) => `stereo-spot models remove ${outcome.name}`).join('; ')}`);
  }
  return outcomes;
}
