import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { statSync } from 'node:fs';
import { catalogueModelFileName, type CatalogueModel } from './depth-model-catalogue.js';

/** Environment variable naming the model cache folder. */
export const MODEL_DIR_ENV = 'STEREO_SPOT_MODEL_DIR';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where fetched models live: `$STEREO_SPOT_MODEL_DIR`, else `$XDG_CACHE_HOME/stereo-spot/models`, else
 * `~/.cache/stereo-spot/models`. Absolute.
 */
export function modelCacheDir(env: Env = process.env): string {
  const explicit = env[MODEL_DIR_ENV]?.trim();
  if (explicit) return resolve(explicit);
  const cacheHome = env.XDG_CACHE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.cache');
  return resolve(cacheHome, 'stereo-spot', 'models');
}

/** The files of one model in the cache. */
export interface ModelFiles {
  /** The verified model, only ever renamed into place. */
  model: string;
  /** The download in progress (kept across a broken download, to resume it). */
  partial: string;
  /** Held by the one fetch downloading this model. */
  lock: string;
  /** Size and SHA-256 recorded at the first fetch (see ModelRecord). */
  record: string;
}

export function modelFiles(dir: string, name: string): ModelFiles {
  const model = join(dir, catalogueModelFileName(name));
  return { model, partial: `${model}.partial`, lock: `${model}.lock`, record: `${model}.json` };
}

const recordSchema = z.object({
  name: z.string(),
  url: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fetchedAt: z.string(),
});

/** What a fetch recorded beside the model: checked by every later fetch and `models verify`. */
export type ModelRecord = z.infer<typeof recordSchema>;

/** The model's record, or undefined when there is none (a record that does not parse counts as none). */
export async function readModelRecord(files: ModelFiles): Promise<ModelRecord | undefined> {
  let text: string;
  try {
    text = await readFile(files.record, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = recordSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

/** Writes the record atomically (a temporary file renamed into place). */
export async function writeModelRecord(files: ModelFiles, record: ModelRecord): Promise<void> {
  const temporary = `${files.record}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temporary, files.record);
}

/** The cached model's size, or undefined when it is not cached. */
export async function cachedModelSize(files: ModelFiles): Promise<number | undefined> {
  const stats = await stat(files.model).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return stats?.isFile() ? stats.size : undefined;
}

/** The command that fetches a model, as printed in messages. */
export function fetchCommand(model: CatalogueModel): string {
  return `stereo-spot models fetch ${model.name}${model.licence.commercialUse ? '' : ' --accept-license'}`;
}

/**
 * The cached file of a catalogue model, or undefined when it is not in the cache. Only a verified download is
 * ever renamed into place (`models fetch`), so a file there is whole.
 */
export function cachedModelPath({ name, env = process.env }: { name: string; env?: Env }): string | undefined {
  const { model } = modelFiles(modelCacheDir(env), name);
  return statSync(model, { throwIfNoEntry: false })?.isFile() ? model : undefined;
}
