import { catalogueModelFileName, UsageError, type CatalogueModel } from '@stereo-spot/shared-types';

/** Environment variable: a base URL that serves every model as `<base>/<name>.onnx`, for machines without internet. */
export const MODEL_MIRROR_ENV = 'STEREO_SPOT_MODEL_MIRROR';

/** Throws a UsageError unless `url` is https: (or http: when `allowHttp`). */
export function assertDownloadUrl({ url, allowHttp }: { url: string; allowHttp: boolean }): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`not a URL: ${url}`);
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && allowHttp) return parsed;
  if (parsed.protocol === 'http:') throw new UsageError(`refusing a plain-HTTP download (${url}); pass --allow-http to allow it`);
  throw new UsageError(`unsupported download URL (${url}): only https: (or http: with --allow-http)`);
}

/**
 * Where a model is downloaded from: `$STEREO_SPOT_MODEL_MIRROR/<name>.onnx` when a mirror is set, else the
 * catalogue's URL. Checked with `assertDownloadUrl`.
 */
export function modelDownloadUrl({ model, env = process.env, allowHttp }: { model: CatalogueModel; env?: Readonly<Record<string, string | undefined>>; allowHttp: boolean }): URL {
  const mirror = env[MODEL_MIRROR_ENV]?.trim();
  const url = mirror ? `${mirror.replace(/\/+$/, '')}/${encodeURIComponent(catalogueModelFileName(model.name))}` : model.url;
  return assertDownloadUrl({ url, allowHttp });
}
