import { BUCKETS, InvalidKeyError } from '@stereo-spot/shared-types';
import type { Bucket } from '@stereo-spot/shared-types';

/** S3's own limit on key length, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

export function assertBucket(bucket: string): asserts bucket is Bucket {
  if (!(BUCKETS as readonly string[]).includes(bucket)) throw new InvalidKeyError(`unknown bucket "${bucket}"`);
}

/**
 * Keys become paths under the bucket folder, so anything that could leave it or alias another key is rejected:
 * empty, leading `/`, empty, `.` or `..` segments, NUL, backslash.
 */
export function assertObjectKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError('object key is empty');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new InvalidKeyError(`object key is longer than ${MAX_KEY_BYTES} bytes`);
  if (key.includes('\0')) throw new InvalidKeyError('object key contains NUL');
  if (key.includes('\\')) throw new InvalidKeyError(`object key contains a backslash: "${key}"`);
  if (key.startsWith('/')) throw new InvalidKeyError(`object key starts with "/": "${key}"`);
  for (const segment of key.split('/')) {
    if (segment === '') throw new InvalidKeyError(`object key has an empty segment: "${key}"`);
    if (segment === '.' || segment === '..') throw new InvalidKeyError(`object key has a "${segment}" segment: "${key}"`);
  }
}

/** A listing prefix: like a key, except that it may be empty or end with `/`, or stop mid-segment. */
export function assertKeyPrefix(prefix: string): void {
  if (prefix === '') return;
  assertObjectKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}
