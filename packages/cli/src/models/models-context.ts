import { DEPTH_MODEL_CATALOGUE, UsageError, type CatalogueModel } from '@stereo-spot/shared-types';
import type { ProgressSink } from './download-progress.js';

/** What the `models` commands work with; tests give their own catalogue, environment and output. */
export interface ModelsContext {
  env: Readonly<Record<string, string | undefined>>;
  catalogue: Readonly<Record<string, CatalogueModel>>;
  /** Results (paths, tables) on stdout. */
  out(text: string): void;
  /** Messages for the person (licences, checksums, progress) on stderr. */
  err(text: string): void;
  progress: ProgressSink;
}

export function processModelsContext(): ModelsContext {
  const line = (write: (text: string) => boolean) => (text: string) => void write(text.endsWith('\n') ? text : `${text}\n`);
  return {
    env: process.env,
    catalogue: DEPTH_MODEL_CATALOGUE,
    out: line((text) => process.stdout.write(text)),
    err: line((text) => process.stderr.write(text)),
    progress: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
  };
}

/** The catalogue entry called `name`, or a UsageError listing the names there are. */
export function catalogueModel(context: ModelsContext, name: string): CatalogueModel {
  const model = Object.hasOwn(context.catalogue, name) ? context.catalogue[name] : undefined;
  if (!model) throw new UsageError(`unknown model "${name}"; known: ${Object.keys(context.catalogue).join(', ')}`);
  return model;
}
