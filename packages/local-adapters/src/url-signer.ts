import { createHmac, timingSafeEqual } from 'node:crypto';
import { BUCKETS } from '@stereo-spot/shared-types';
import type { Bucket } from '@stereo-spot/shared-types';
import { assertObjectKey } from './object-key.js';

export type SignedUrlMethod = 'GET' | 'PUT';

export type SignedUrlGrant = { ok: true; bucket: Bucket; key: string; maxBytes?: number; contentType?: string; downloadName?: string };
export type SignedUrlCheck = SignedUrlGrant | { ok: false; reason: 'bad-signature' | 'expired' | 'malformed' };

const PARAMS = new Set(['expires', 'max', 'type', 'name', 'sig']);

/**
 * Signed URLs of the local server: `{base}/storage/{bucket}/{key}?expires=&max=&type=&name=&sig=`. The HMAC covers
 * the method, bucket, key, expiry, limits and download name, not the host, so the URL still verifies behind a proxy.
 */
export class UrlSigner {
  readonly #secret: string;
  readonly #base: URL;

  constructor({ secret, publicBaseUrl }: { secret: string; publicBaseUrl: string }) {
    this.#secret = secret;
    this.#base = new URL(publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`);
  }

  sign({ method, bucket, key, expiresInSec, maxBytes, contentType, downloadName, now = Date.now() }: { method: SignedUrlMethod; bucket: Bucket; key: string; expiresInSec: number; maxBytes?: number; contentType?: string; downloadName?: string; now?: number }): string {
    const expires = Math.floor(now / 1000) + Math.ceil(expiresInSec);
    const url = new URL(`storage/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`, this.#base);
    url.searchParams.set('expires', String(expires));
    if (maxBytes !== undefined) url.searchParams.set('max', String(maxBytes));
    if (contentType !== undefined) url.searchParams.set('type', contentType);
    if (downloadName !== undefined) url.searchParams.set('name', downloadName);
    url.searchParams.set('sig', this.#signature({ method, bucket, key, expires, maxBytes, contentType, downloadName }));
    return url.href;
  }

  /** Accepts the absolute URL or just its path and query (what an HTTP server sees as the request target). */
  verify({ url, method, now = Date.now() }: { url: string; method: SignedUrlMethod; now?: number }): SignedUrlCheck {
    let parsed: URL;
    try {
      parsed = new URL(url, this.#base);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const basePath = this.#base.pathname; // ends with '/'
    let path = parsed.pathname;
    if (path.startsWith(`${basePath}storage/`)) path = path.slice(basePath.length);
    else if (path.startsWith('/storage/')) path = path.slice(1);
    else return { ok: false, reason: 'malformed' };
    const [, bucket, ...encodedKey] = path.split('/');
    let key: string;
    try {
      key = encodedKey.map(decodeURIComponent).join('/');
      assertObjectKey(key);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (bucket === undefined || !(BUCKETS as readonly string[]).includes(bucket)) return { ok: false, reason: 'malformed' };
    // Each parameter once: a repeated one could make the server and the signature read different values.
    const names = [...parsed.searchParams.keys()];
    if (names.some((name) => !PARAMS.has(name)) || new Set(names).size !== names.length) return { ok: false, reason: 'malformed' };
    const expiresText = parsed.searchParams.get('expires');
    const maxText = parsed.searchParams.get('max');
    const contentType = parsed.searchParams.get('type') ?? undefined;
    const downloadName = parsed.searchParams.get('name') ?? undefined;
    const sig = parsed.searchParams.get('sig');
    if (expiresText === null || !/^\d+$/.test(expiresText) || sig === null || !/^[0-9a-f]{64}$/.test(sig)) return { ok: false, reason: 'malformed' };
    if (maxText !== null && !/^\d+$/.test(maxText)) return { ok: false, reason: 'malformed' };
    const expires = Number(expiresText);
    const maxBytes = maxText === null ? undefined : Number(maxText);
    const expected = Buffer.from(this.#signature({ method, bucket: bucket as Bucket, key, expires, maxBytes, contentType, downloadName }), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return { ok: false, reason: 'bad-signature' };
    if (Math.floor(now / 1000) > expires) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      bucket: bucket as Bucket,
      key,
      ...(maxBytes === undefined ? {} : { maxBytes }),
      ...(contentType === undefined ? {} : { contentType }),
      ...(downloadName === undefined ? {} : { downloadName }),
    };
  }

  #signature({ method, bucket, key, expires, maxBytes, contentType, downloadName }: { method: SignedUrlMethod; bucket: Bucket; key: string; expires: number; maxBytes: number | undefined; contentType: string | undefined; downloadName: string | undefined }): string {
    // JSON keeps fields apart whatever characters they hold.
    const canonical = JSON.stringify([method, bucket, key, expires, maxBytes ?? null, contentType ?? null, downloadName ?? null]);
    return createHmac('sha256', this.#secret).update(canonical).digest('hex');
  }
}
