import { randomBytes } from 'node:crypto';
import { createWriteStream, type Dirent } from 'node:fs';
import { copyFile, link, mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { buildS3Event, NotFoundError, queuesNotifiedFor, UsageError } from '@stereo-spot/shared-types';
import type { Bucket, ObjectStorage, Queues, StoredObject, UploadInstructions } from '@stereo-spot/shared-types';
import { ObjectTooLargeError } from './errors.js';
import { assertBucket, assertKeyPrefix, assertObjectKey } from './object-key.js';
import type { UrlSigner } from './url-signer.js';

/** Temporary files live here, beside the bucket folders (same filesystem, so the final rename is atomic). */
export const TEMP_DIR_NAME = '.tmp';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function assertExpiry(expiresInSec: number): void {
  if (!Number.isFinite(expiresInSec) || expiresInSec <= 0) throw new UsageError(`expiresInSec must be positive, got ${expiresInSec}`);
}

/**
 * S3-like buckets in a folder: `{root}/{bucket}/{key}`. A put writes a temporary file and renames it into place,
 * so an object is either absent or complete, then sends the S3 event of every matching notification rule.
 */
export class FolderObjectStorage implements ObjectStorage {
  readonly root: string;
  readonly #tempDir: string;
  readonly #queues: Queues;
  readonly #signer: UrlSigner;

  constructor({ root, queues, signer }: { root: string; queues: Queues; signer: UrlSigner }) {
    this.root = root;
    this.#tempDir = join(root, TEMP_DIR_NAME);
    this.#queues = queues;
    this.#signer = signer;
  }

  /** Locally the logical name is the real one: events and `s3://` URIs say `input` or `output`. */
  bucketName(bucket: Bucket): string {
    assertBucket(bucket);
    return bucket;
  }

  objectPath({ bucket, key }: { bucket: Bucket; key: string }): string {
    assertBucket(bucket);
    assertObjectKey(key);
    return join(this.root, bucket, ...key.split('/'));
  }

  async putFile({ bucket, key, path, consume = false }: { bucket: Bucket; key: string; path: string; contentType?: string; consume?: boolean }): Promise<void> {
    const target = this.objectPath({ bucket, key });
    const size = await this.#commit(target, async (temp) => {
      // A consumed scratch file on the same file system becomes the object without being copied.
      if (!consume || !(await tryRename({ from: path, to: temp }))) await copyFile(path, temp);
      return (await stat(temp)).size;
    });
    await this.#notify({ bucket, key, size });
  }

  async putStream({ bucket, key, body, maxBytes }: { bucket: Bucket; key: string; body: Readable; contentType?: string; maxBytes?: number }): Promise<{ size: number }> {
    const target = this.objectPath({ bucket, key });
    const size = await this.#commit(target, async (temp) => {
      let written = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          written += chunk.length;
          if (maxBytes !== undefined && written > maxBytes) callback(new ObjectTooLargeError(`object ${bucket}/${key} is larger than ${maxBytes} bytes`));
          else callback(null, chunk);
        },
      });
      await pipeline(body, limit, createWriteStream(temp, { flags: 'wx' }));
      return written;
    });
    await this.#notify({ bucket, key, size });
    return { size };
  }

  async getToFile({ bucket, key, path }: { bucket: Bucket; key: string; path: string }): Promise<void> {
    const source = this.objectPath({ bucket, key });
    // Opened first: a concurrent overwrite replaces the name, never the bytes this read sees.
    let handle;
    try {
      handle = await open(source, 'r');
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') throw new NotFoundError(`no object ${bucket}/${key}`, { cause: error });
      throw error;
    }
    const temp = `${path}.${randomBytes(6).toString('hex')}.part`;
    try {
      if (!(await handle.stat()).isFile()) throw new NotFoundError(`no object ${bucket}/${key}`);
      await mkdir(dirname(path), { recursive: true });
      // Objects are never written in place (a put renames a new file over the name), so on the same file system
      // a hard link is an exact, instant copy; every consumer only reads what it downloads.
      if (await tryLink({ source, temp })) {
        await rename(temp, path);
        return;
      }
      await pipeline(handle.createReadStream({ autoClose: false }), createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    } finally {
      await handle.close();
    }
  }

  async copy({ bucket, fromKey, toKey }: { bucket: Bucket; fromKey: string; toKey: string }): Promise<void> {
    const source = this.objectPath({ bucket, key: fromKey });
    const target = this.objectPath({ bucket, key: toKey });
    const size = await this.#commit(target, async (temp) => {
      try {
        // Objects are never written in place, so a hard link is an exact copy, as in getToFile.
        if (!(await tryLink({ source, temp }))) await copyFile(source, temp);
      } catch (error) {
        if (isMissing(error)) throw new NotFoundError(`no object ${bucket}/${fromKey}`, { cause: error });
        throw error;
      }
      return (await stat(temp)).size;
    });
    await this.#notify({ bucket, key: toKey, size });
  }

  async exists({ bucket, key }: { bucket: Bucket; key: string }): Promise<boolean> {
    try {
      return (await stat(this.objectPath({ bucket, key }))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async list({ bucket, prefix }: { bucket: Bucket; prefix: string }): Promise<StoredObject[]> {
    assertBucket(bucket);
    assertKeyPrefix(prefix);
    const { dir, base } = this.#walkStart(bucket, prefix);
    const objects: StoredObject[] = [];
    for await (const object of this.#walk(dir, base)) {
      if (object.key.startsWith(prefix)) objects.push(object);
    }
    // Byte order of the keys, like S3 (code points here; the same for the ASCII keys stereo-spot writes).
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deletePrefix({ bucket, prefix }: { bucket: Bucket; prefix: string }): Promise<number> {
    const objects = await this.list({ bucket, prefix });
    let deleted = 0;
    for (const { key } of objects) {
      try {
        await rm(this.objectPath({ bucket, key }));
        deleted += 1;
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    const bucketDir = join(this.root, bucket);
    const start = this.#walkStart(bucket, prefix).dir;
    await this.#pruneEmptyDirs(start, bucketDir);
    // Then the folders above, as long as they are empty.
    for (let dir = dirname(start); dir.startsWith(bucketDir + sep); dir = dirname(dir)) {
      if (!(await this.#removeIfEmpty(dir))) break;
    }
    return deleted;
  }

  async presignGet({ bucket, key, expiresInSec, downloadName }: { bucket: Bucket; key: string; expiresInSec: number; downloadName?: string }): Promise<string> {
    this.objectPath({ bucket, key });
    assertExpiry(expiresInSec);
    return this.#signer.sign({ method: 'GET', bucket, key, expiresInSec, ...(downloadName === undefined ? {} : { downloadName }) });
  }

  async presignUpload({ bucket, key, expiresInSec, maxBytes, contentType }: { bucket: Bucket; key: string; expiresInSec: number; maxBytes: number; contentType: string }): Promise<UploadInstructions> {
    this.objectPath({ bucket, key });
    assertExpiry(expiresInSec);
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new UsageError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
    const url = this.#signer.sign({ method: 'PUT', bucket, key, expiresInSec, maxBytes, contentType });
    return { method: 'PUT', url, headers: { 'content-type': contentType } };
  }

  /** Removes temporary files older than `olderThanMs` (left by a process killed mid-put). */
  async removeStaleTempFiles({ olderThanMs }: { olderThanMs: number }): Promise<number> {
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(this.#tempDir);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    for (const name of names) {
      const path = join(this.#tempDir, name);
      try {
        if (Date.now() - (await stat(path)).mtimeMs > olderThanMs) {
          await rm(path, { force: true });
          removed += 1;
        }
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return removed;
  }

  /** Writes through `write` to a temporary file, then renames it to `target`; nothing is left behind on failure. */
  async #commit(target: string, write: (temp: string) => Promise<number>): Promise<number> {
    await mkdir(this.#tempDir, { recursive: true });
    const temp = join(this.#tempDir, `${randomBytes(12).toString('hex')}.part`);
    try {
      const size = await write(temp);
      // A concurrent deletePrefix may remove the (empty) parent between mkdir and rename: try again.
      for (let attempt = 1; ; attempt += 1) {
        await mkdir(dirname(target), { recursive: true });
        try {
          await rename(temp, target);
          return size;
        } catch (error) {
          if (!isMissing(error) || attempt >= 3) throw error;
        }
      }
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async #notify({ bucket, key, size }: { bucket: Bucket; key: string; size: number }): Promise<void> {
    for (const queue of queuesNotifiedFor({ bucket, key })) {
      await this.#queues[queue].send({ body: JSON.stringify(buildS3Event({ bucketName: this.bucketName(bucket), key, size })) });
    }
  }

  /** The deepest folder every key with `prefix` lies in, and that folder's key prefix. */
  #walkStart(bucket: Bucket, prefix: string): { dir: string; base: string } {
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash + 1);
    return { dir: join(this.root, bucket, ...base.split('/').filter(Boolean)), base };
  }

  async *#walk(dir: string, base: string): AsyncGenerator<StoredObject> {
    for (const entry of await readdirIfExists(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        yield* this.#walk(path, `${base}${entry.name}/`);
      } else if (entry.isFile()) {
        try {
          yield { key: `${base}${entry.name}`, size: (await stat(path)).size };
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
    }
  }

  /** Removes empty folders from `dir` down to (not including) `stop`, deepest first. */
  async #pruneEmptyDirs(dir: string, stop: string): Promise<void> {
    if (!dir.startsWith(stop + sep)) return;
    for (const entry of await readdirIfExists(dir)) {
      if (entry.isDirectory()) await this.#pruneEmptyDirs(join(dir, entry.name), stop);
    }
    await this.#removeIfEmpty(dir);
  }

  async #removeIfEmpty(dir: string): Promise<boolean> {
    try {
      await rmdir(dir);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && !isMissing(error)) throw error;
      return false;
    }
  }
}

/** Moves a file; false when it is on another file system (then copy). */
async function tryRename({ from, to }: { from: string; to: string }): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') return false;
    throw error;
  }
}

/** Hard-links `source` to `temp`; false when the file systems differ or links are not allowed (then copy). */
async function tryLink({ source, temp }: { source: string; temp: string }): Promise<boolean> {
  try {
    await link(source, temp);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EMLINK') return false;
    throw error;
  }
}

/** A folder's entries, or none when it does not exist (a prefix nobody wrote to). */
async function readdirIfExists(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}
