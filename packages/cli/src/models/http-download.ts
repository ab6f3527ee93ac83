import { createWriteStream } from 'node:fs';
import { stat, truncate } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { DownloadError, IntegrityError, errorMessage } from '@stereo-spot/shared-types';
import { assertDownloadUrl } from './model-source.js';

const MAX_REDIRECTS = 10;

export interface DownloadOptions {
  url: URL;
  /** Where the bytes go. Bytes already there are kept and the rest is asked for with an HTTP Range request. */
  partialPath: string;
  /** Allow http: (also for redirects); https: always. */
  allowHttp: boolean;
  /** The size the file must have (pinned or recorded): a server announcing another fails before the body is read. */
  expectedSize?: number;
  /** Called as bytes arrive: bytes in the partial file so far, and the total when the server said. */
  onProgress?: (received: number, total: number | undefined) => void;
  /** Called when a download continues from bytes already there (after a cut, or from an earlier run). */
  onResume?: (offset: number) => void;
  /** Tries in a row that get no byte further before giving up. Default 5. */
  attempts?: number;
  /** Wait before the n-th retry in a row: n × this. Default 1000 ms. */
  retryDelayMs?: number;
  /** A connection silent for this long is dropped (and retried). Default 30 s. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface DownloadResult {
  sizeBytes: number;
  /** The URL the bytes came from after redirects. */
  finalUrl: string;
}

/** An attempt that ended early but may be continued. */
class CutShort extends Error {}

/**
 * Downloads `url` into `partialPath`, resuming from the bytes already there (HTTP Range) and retrying a connection
 * that breaks, until the file has the size the server announced. Follows redirects (an https: → http: redirect is
 * refused unless `allowHttp`). Throws DownloadError (HTTP error status, retries used up) or IntegrityError (the
 * server announces another size than `expectedSize`). Checks no checksum: the caller does.
 */
export async function downloadWithResume(options: DownloadOptions): Promise<DownloadResult> {
  const attempts = options.attempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  let failuresInARow = 0;
  for (;;) {
    const offset = await sizeOf(options.partialPath);
    if (offset > 0) options.onResume?.(offset);
    try {
      return await attempt(options, offset);
    } catch (error) {
      if (!(error instanceof CutShort)) throw error;
      const progressed = (await sizeOf(options.partialPath)) > offset;
      failuresInARow = progressed ? 1 : failuresInARow + 1;
      if (failuresInARow >= attempts) throw new DownloadError(`download of ${options.url.href} failed ${attempts} times in a row: ${error.message}`);
      await sleep(retryDelayMs * failuresInARow, undefined, { signal: options.signal });
    }
  }
}

async function sizeOf(path: string): Promise<number> {
  const stats = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return stats?.size ?? 0;
}

async function attempt(options: DownloadOptions, offset: number): Promise<DownloadResult> {
  const { response, finalUrl } = await open(options, options.url, offset, MAX_REDIRECTS);
  const status = response.statusCode ?? 0;
  let start: number;
  let total: number | undefined;
  if (status === 200) {
    start = 0;
    const length = response.headers['content-length'];
    total = length === undefined ? undefined : Number(length);
  } else if (status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers['content-range'] ?? '');
    if (!range || Number(range[1]) !== offset) {
      response.resume();
      await truncate(options.partialPath, 0);
      throw new CutShort(`the server answered another range (${response.headers['content-range'] ?? 'none'}); starting again`);
    }
    start = offset;
    total = range[3] === '*' ? undefined : Number(range[3]);
  } else if (status === 416 && offset > 0) {
    response.resume();
    // Nothing past the bytes we have: complete if that is the size expected or the size the server says the file
    // has (a download that finished before its checks ran), otherwise start again.
    const serverTotal = /^bytes \*\/(\d+)$/.exec(response.headers['content-range'] ?? '')?.[1];
    if ((options.expectedSize ?? Number(serverTotal)) === offset) return { sizeBytes: offset, finalUrl };
    await truncate(options.partialPath, 0);
    throw new CutShort('the server has no bytes past the partial file; starting again');
  } else {
    response.resume();
    const reason = `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} from ${finalUrl}`;
    if (status >= 500 || status === 408 || status === 429) throw new CutShort(reason);
    throw new DownloadError(`download failed: ${reason}`);
  }

  if (total !== undefined && options.expectedSize !== undefined && total !== options.expectedSize) {
    response.resume();
    throw new IntegrityError(`size mismatch: ${finalUrl} is ${total} bytes, expected ${options.expectedSize}`);
  }

  let received = start;
  options.onProgress?.(received, total);
  // Written chunk by chunk and always ended (flushed), also when the connection breaks: every byte received is in
  // the partial file for the next Range request (a pipeline would destroy the file stream with writes pending).
  const sink = createWriteStream(options.partialPath, { flags: start === 0 ? 'w' : 'a' });
  let broken: unknown;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (!sink.write(chunk)) await once(sink, 'drain');
      options.onProgress?.(received, total);
    }
  } catch (error) {
    broken = error;
  } finally {
    await new Promise<void>((resolve, reject) => sink.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
  if (broken !== undefined) {
    if (options.signal?.aborted) throw broken;
    throw new CutShort(`connection broken after ${received} bytes: ${errorMessage(broken)}`);
  }
  const size = await sizeOf(options.partialPath);
  if (total !== undefined && size < total) throw new CutShort(`connection closed after ${size} of ${total} bytes`);
  if (total !== undefined && size > total) {
    await truncate(options.partialPath, 0);
    throw new CutShort(`got ${size} bytes, more than the ${total} announced; starting again`);
  }
  return { sizeBytes: size, finalUrl };
}

/** The response to a GET (with a Range header past `offset`), after following redirects. */
async function open(options: DownloadOptions, url: URL, offset: number, redirectsLeft: number): Promise<{ response: IncomingMessage; finalUrl: string }> {
  assertDownloadUrl({ url: url.href, allowHttp: options.allowHttp });
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { 'user-agent': 'stereo-spot', 'accept-encoding': 'identity' };
  if (offset > 0) headers.range = `bytes=${offset}-`;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = client.get(url, { headers, signal: options.signal }, resolve);
    request.setTimeout(options.idleTimeoutMs ?? 30_000, () => request.destroy(new Error(`no data for ${Math.round((options.idleTimeoutMs ?? 30_000) / 1000)} s`)));
    request.on('error', (error) => reject(options.signal?.aborted ? error : new CutShort(`${url.href}: ${errorMessage(error)}`)));
  });
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (status >= 300 && status < 400 && location) {
    response.resume();
    if (redirectsLeft === 0) throw new DownloadError(`download failed: too many redirects from ${options.url.href}`);
    return open(options, new URL(location, url), offset, redirectsLeft - 1);
  }
  return { response, finalUrl: url.href };
}
