import { modelCacheDir, cachedModelSize, modelFiles } from '@stereo-spot/shared-types';
import type { ModelsContext } from './models-context.js';

export interface ModelListing {
  name: string;
  title: string;
  /** Exact size when cached or pinned, else the catalogue's approximate one. */
  sizeBytes: number;
  sizeIsApproximate: boolean;
  licence: string;
  commercialUse: boolean;
  speed: string;
  hardware: string;
  cached: boolean;
  path: string;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1_000_000)} MB`;
}

/** `stereo-spot models list`: every catalogue model, its size, licence, speed, hardware and whether it is cached. */
export async function listModels({ json, context }: { json: boolean; context: ModelsContext }): Promise<ModelListing[]> {
  const dir = modelCacheDir(context.env);
  const listings: ModelListing[] = [];
  for (const model of Object.values(context.catalogue)) {
    const files = modelFiles(dir, model.name);
    const cachedSize = await cachedModelSize(files);
    const exact = cachedSize ?? model.sizeBytes;
    listings.push({
      name: model.name,
      title: model.title,
      sizeBytes: exact ?? model.approxBytes,
      sizeIsApproximate: exact === undefined,
      licence: model.licence.spdx,
      commercialUse: model.licence.commercialUse,
      speed: model.speed,
      hardware: model.hardware,
      cached: cachedSize !== undefined,
      path: files.model,
    });
  }
  if (json) {
    const models = listings.map((listing) => ({
      name: listing.name,
      title: listing.title,
      size_bytes: listing.sizeBytes,
      size_is_approximate: listing.sizeIsApproximate,
      licence: listing.licence,
      commercial_use: listing.commercialUse,
      speed: listing.speed,
      hardware: listing.hardware,
      cached: listing.cached,
      path: listing.path,
    }));
    context.out(JSON.stringify({ cache_dir: dir, models }));
    return listings;
  }
  const rows = [
    ['NAME', 'SIZE', 'LICENCE', 'SPEED', 'CACHED', 'HARDWARE'],
    ...listings.map((listing) => [
      listing.name,
      `${listing.sizeIsApproximate ? '~' : ''}${megabytes(listing.sizeBytes)}`,
      `${listing.licence}${listing.commercialUse ? '' : ' (non-commercial)'}`,
      listing.speed,
      listing.cached ? 'yes' : 'no',
      listing.hardware,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) context.out(row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
  context.err(`cache: ${dir}`);
  return listings;
}
