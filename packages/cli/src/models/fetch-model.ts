import { mkdir, rename, unlink } from 'node:fs/promises';
import { IntegrityError, UsageError, type CatalogueModel, cachedModelSize, modelCacheDir, modelFiles, readModelRecord, writeModelRecord, type ModelRecord } from '@stereo-spot/shared-types';
import { acquireCacheLock } from './cache-lock.js';
import { downloadProgress } from './download-progress.js';
import { downloadWithResume, type DownloadOptions } from './http-download.js';
import { modelDownloadUrl } from './model-source.js';
import { catalogueModel, type ModelsContext } from './models-context.js';
import { sha256File } from './sha256-file.js';

export interface FetchModelResult {
  path: string;
  sizeBytes: number;
  sha256: string;
  /** The model was there already (and matched its checksum): nothing was downloaded. */
  alreadyCached: boolean;
}

export interface FetchModelOptions {
  name: string;
  /** Needed for a model whose licence forbids commercial use. */
  acceptLicense: boolean;
  /** Allow plain-HTTP URLs (a mirror on the local network, tests). */
  allowHttp: boolean;
  /** The SHA-256 the person expects (lower-case hex; an image build pins its model so): checked like a catalogue pin. */
  sha256?: string;
  context: ModelsContext;
  /** Retry and timeout settings of the download (tests make them short). */
  download?: Pick<DownloadOptions, 'attempts' | 'retryDelayMs' | 'idleTimeoutMs'>;
  signal?: AbortSignal;
}

/** Shows a non-commercial licence and refuses unless it was accepted. */
function checkLicence({ model, acceptLicense, context }: { model: CatalogueModel; acceptLicense: boolean; context: ModelsContext }): void {
  if (model.licence.commercialUse) return;
  context.err(`${model.name} (${model.title}) is licensed ${model.licence.spdx}: non-commercial use only. Licence: ${model.licence.url}`);
  if (!acceptLicense) throw new UsageError(`${model.name} is licensed ${model.licence.spdx} (non-commercial use only); read ${model.licence.url} and pass --accept-license to fetch it`);
}

/**
 * `stereo-spot models fetch NAME`: downloads a catalogue model into the cache folder, resuming a broken download,
 * and keeps it only if its size and SHA-256 are the pinned ones (or, unpinned, the ones recorded at its first
 * fetch; the first fetch records them and prints them so they can be pinned). The file is renamed into place only
 * once checked; a mismatch leaves nothing in the cache. One fetch per model at a time (a lock file); a second
 * waits and then finds the model there.
 */
export async function fetchModel({ name, acceptLicense, allowHttp, sha256: given, context, download, signal }: FetchModelOptions): Promise<FetchModelResult> {
  const model = catalogueModel(context, name);
  if (given !== undefined && !/^[0-9a-f]{64}$/.test(given)) throw new UsageError(`--sha256 takes 64 lower-case hex digits, got "${given}"`);
  if (given !== undefined && model.sha256 !== undefined && given !== model.sha256) throw new UsageError(`--sha256 ${given} differs from the catalogue's pin for ${model.name} (${model.sha256})`);
  checkLicence({ model, acceptLicense, context });
  const url = modelDownloadUrl({ model, env: context.env, allowHttp });
  const dir = modelCacheDir(context.env);
  await mkdir(dir, { recursive: true });
  const files = modelFiles(dir, model.name);
  const lock = await acquireCacheLock({
    path: files.lock,
    signal,
    onWait: (pid) => context.err(`waiting for another fetch of ${model.name}${pid ? ` (process ${pid})` : ''}`),
  });
  try {
    const record = await readModelRecord(files);
    const expected = expectedChecks(model, record, given);

    if ((await cachedModelSize(files)) !== undefined) {
      const sha256 = await sha256File(files.model);
      const sizeBytes = (await cachedModelSize(files)) ?? 0;
      if (expected.sha256 !== undefined && sha256 !== expected.sha256) {
        throw new IntegrityError(`the cached ${model.name} (${files.model}) does not match its SHA-256 ${expected.what}; remove it with \`stereo-spot models remove ${model.name}\` and fetch again`);
      }
      if (!record) await writeModelRecord(files, { name: model.name, url: url.href, sizeBytes, sha256, fetchedAt: new Date().toISOString() });
      context.err(`${model.name} is already in the cache (sha256 ${sha256})`);
      context.out(files.model);
      return { path: files.model, sizeBytes, sha256, alreadyCached: true };
    }

    context.err(`fetching ${model.name} from ${url.href}`);
    const progress = downloadProgress({ sink: context.progress, label: model.name });
    let downloaded;
    try {
      downloaded = await downloadWithResume({
        url,
        partialPath: files.partial,
        allowHttp,
        expectedSize: expected.sizeBytes,
        onProgress: (received, total) => progress.update(received, total),
        onResume: (offset) => {
          progress.finish();
          context.err(`resuming ${model.name} from byte ${offset}`);
        },
        signal,
        ...download,
      });
    } catch (error) {
      progress.finish();
      // A size mismatch is not resumable; anything else keeps its bytes for the next try.
      if (error instanceof IntegrityError) await unlink(files.partial).catch(() => undefined);
      throw error;
    }
    progress.finish();

    const sha256 = await sha256File(files.partial);
    const problem =
      expected.sizeBytes !== undefined && downloaded.sizeBytes !== expected.sizeBytes
        ? `size mismatch: got ${downloaded.sizeBytes} bytes, expected ${expected.sizeBytes} ${expected.what}`
        : expected.sha256 !== undefined && sha256 !== expected.sha256
          ? `checksum mismatch: got SHA-256 ${sha256}, expected ${expected.sha256} ${expected.what}`
          : undefined;
    if (problem) {
      await unlink(files.partial).catch(() => undefined);
      throw new IntegrityError(`${model.name} refused, nothing kept: ${problem}`);
    }
    await writeModelRecord(files, { name: model.name, url: url.href, sizeBytes: downloaded.sizeBytes, sha256, fetchedAt: new Date().toISOString() });
    await rename(files.partial, files.model);
    context.err(
      model.sha256 !== undefined || given !== undefined
        ? `${model.name}: ${downloaded.sizeBytes} bytes, SHA-256 ${sha256} (matches ${model.sha256 !== undefined ? 'the catalogue' : '--sha256'})`
        : record
          ? `${model.name}: ${downloaded.sizeBytes} bytes, SHA-256 ${sha256} (matches the one recorded at its first fetch)`
          : `${model.name}: ${downloaded.sizeBytes} bytes, SHA-256 ${sha256} (not pinned in the catalogue: recorded in ${files.record} and checked from now on; to pin it: sha256: '${sha256}', sizeBytes: ${downloaded.sizeBytes})`,
    );
    context.out(files.model);
    return { path: files.model, sizeBytes: downloaded.sizeBytes, sha256, alreadyCached: false };
  } finally {
    await lock.release();
  }
}

/** The size and SHA-256 a model must have: the catalogue's pins first, else the one given with --sha256, else the first fetch's record. */
export function expectedChecks(model: CatalogueModel, record: ModelRecord | undefined, given?: string): { sizeBytes?: number; sha256?: string; what: string } {
  if (model.sha256 !== undefined) return { sha256: model.sha256, sizeBytes: model.sizeBytes, what: '(pinned in the catalogue)' };
  if (given !== undefined) return { sha256: given, sizeBytes: model.sizeBytes, what: '(given with --sha256)' };
  if (record) return { sha256: record.sha256, sizeBytes: model.sizeBytes ?? record.sizeBytes, what: `(recorded at its first fetch, ${record.fetchedAt})` };
  return { sizeBytes: model.sizeBytes, what: '(pinned in the catalogue)' };
}
