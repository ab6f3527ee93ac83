import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentDisposition, NotFoundError, ObjectTooLargeError } from '@stereo-spot/shared-types';
import type { Bucket, ObjectStorage, StoredObject, UploadInstructions } from '@stereo-spot/shared-types';
import { callAws } from './aws-errors.js';
import { taggingFor } from './intermediate-object-tag.js';

/** Multipart part size and parallel parts: 8 MiB × 4 bounds a worker's upload memory to ~32 MiB. */
export const PART_SIZE_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;
/** DeleteObjects takes at most 1000 keys. */
const DELETE_BATCH = 1000;
/** The largest object one CopyObject may copy (S3's limit); larger ones go in parts of COPY_PART_BYTES. */
const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;
const COPY_PART_BYTES = 512 * 1024 ** 2;

/** The presigned POST policy: S3 itself refuses a body over `maxBytes` or of another content type. */
export function presignedPostRequest({ bucketName, key, expiresInSec, maxBytes, contentType }: { bucketName: string; key: string; expiresInSec: number; maxBytes: number; contentType: string }) {
  return {
    Bucket: bucketName,
    Key: key,
    Expires: expiresInSec,
    Fields: { 'Content-Type': contentType },
    Conditions: [
      ['content-length-range', 1, maxBytes] as ['content-length-range', number, number],
      ['eq', '$Content-Type', contentType] as ['eq', string, string],
    ],
  };
}

/** Counts bytes on their way to S3 and fails the stream past `maxBytes` (the multipart upload is then aborted). */
function byteLimit({ maxBytes, what, counted }: { maxBytes: number | undefined; what: string; counted: { bytes: number } }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counted.bytes += chunk.length;
      if (maxBytes !== undefined && counted.bytes > maxBytes) callback(new ObjectTooLargeError(`object ${what} is larger than ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
}

/** Buckets on S3: streaming multipart uploads from files and streams, streaming downloads to files. */
export class S3ObjectStorage implements ObjectStorage {
  readonly #s3: S3Client;
  readonly #buckets: Readonly<Record<Bucket, string>>;
  readonly #presignedUpload: 'post' | 'put';

  constructor({ s3, buckets, presignedUpload }: { s3: S3Client; buckets: Readonly<Record<Bucket, string>>; presignedUpload: 'post' | 'put' }) {
    this.#s3 = s3;
    this.#buckets = buckets;
    this.#presignedUpload = presignedUpload;
  }

  bucketName(bucket: Bucket): string {
    return this.#buckets[bucket];
  }

  async putFile({ bucket, key, path, contentType, consume }: { bucket: Bucket; key: string; path: string; contentType?: string; consume?: boolean }): Promise<void> {
    await this.#upload({ bucket, key, body: createReadStream(path), contentType });
    // The caller handed the scratch file over: it is not needed once the object is stored.
    if (consume) await rm(path, { force: true });
  }

  async putStream({ bucket, key, body, contentType, maxBytes }: { bucket: Bucket; key: string; body: Readable; contentType?: string; maxBytes?: number }): Promise<{ size: number }> {
    const counted = { bytes: 0 };
    const limited = body.pipe(byteLimit({ maxBytes, what: `${bucket}/${key}`, counted }));
    // A failing source does not end the piped stream by itself: pass its error on.
    body.once('error', (error) => limited.destroy(error));
    await this.#upload({ bucket, key, body: limited, contentType });
    return { size: counted.bytes };
  }

  async getToFile({ bucket, key, path }: { bucket: Bucket; key: string; path: string }): Promise<void> {
    const result = await callAws(`get ${bucket}/${key}`, () => this.#s3.send(new GetObjectCommand({ Bucket: this.bucketName(bucket), Key: key })));
    if (!result.Body) throw new NotFoundError(`object ${bucket}/${key} has no body`);
    await mkdir(dirname(path), { recursive: true });
    // Written beside the target and renamed: the file is whole or absent, never half a download.
    const partial = `${path}.partial-${process.pid}`;
    try {
      await callAws(`download ${bucket}/${key}`, () => pipeline(result.Body as Readable, createWriteStream(partial)));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async copy({ bucket, fromKey, toKey }: { bucket: Bucket; fromKey: string; toKey: string }): Promise<void> {
    const name = this.bucketName(bucket);
    const head = await callAws(`head ${bucket}/${fromKey}`, () => this.#s3.send(new HeadObjectCommand({ Bucket: name, Key: fromKey })));
    const size = head.ContentLength ?? 0;
    const source = `${name}/${fromKey.split('/').map(encodeURIComponent).join('/')}`;
    const tagging = taggingFor({ bucket, key: toKey });
    const tags = tagging ? { Tagging: tagging, TaggingDirective: 'REPLACE' as const } : {};
    if (size <= MAX_SINGLE_COPY_BYTES) {
      await callAws(`copy ${bucket}/${fromKey}`, () => this.#s3.send(new CopyObjectCommand({ Bucket: name, Key: toKey, CopySource: source, ...tags })));
      return;
    }
    // One CopyObject takes at most 5 GB: larger sources are copied in parts, inside S3.
    const { UploadId } = await callAws(`copy ${bucket}/${fromKey}`, () =>
      this.#s3.send(new CreateMultipartUploadCommand({ Bucket: name, Key: toKey, ...(head.ContentType ? { ContentType: head.ContentType } : {}), ...(tagging ? { Tagging: tagging } : {}) })),
    );
    try {
      const parts: Array<{ ETag: string; PartNumber: number }> = [];
      for (let start = 0, part = 1; start < size; start += COPY_PART_BYTES, part += 1) {
        const end = Math.min(size, start + COPY_PART_BYTES) - 1;
        const result = await callAws(`copy ${bucket}/${fromKey} part ${part}`, () =>
          this.#s3.send(new UploadPartCopyCommand({ Bucket: name, Key: toKey, UploadId, PartNumber: part, CopySource: source, CopySourceRange: `bytes=${start}-${end}` })),
        );
        parts.push({ ETag: result.CopyPartResult?.ETag ?? '', PartNumber: part });
      }
      await callAws(`copy ${bucket}/${fromKey}`, () => this.#s3.send(new CompleteMultipartUploadCommand({ Bucket: name, Key: toKey, UploadId, MultipartUpload: { Parts: parts } })));
    } catch (error) {
      await this.#s3.send(new AbortMultipartUploadCommand({ Bucket: name, Key: toKey, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  async exists({ bucket, key }: { bucket: Bucket; key: string }): Promise<boolean> {
    try {
      await callAws(`head ${bucket}/${key}`, () => this.#s3.send(new HeadObjectCommand({ Bucket: this.bucketName(bucket), Key: key })));
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  async list({ bucket, prefix }: { bucket: Bucket; prefix: string }): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await callAws(`list ${bucket}/${prefix}`, () =>
        this.#s3.send(new ListObjectsV2Command({ Bucket: this.bucketName(bucket), Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) })),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) out.push({ key: object.Key, size: object.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deletePrefix({ bucket, prefix }: { bucket: Bucket; prefix: string }): Promise<number> {
    const keys = (await this.list({ bucket, prefix })).map((object) => object.key);
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      await callAws(`delete ${bucket}/${prefix}`, () =>
        this.#s3.send(new DeleteObjectsCommand({ Bucket: this.bucketName(bucket), Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } })),
      );
    }
    return keys.length;
  }

  async presignGet({ bucket, key, expiresInSec, downloadName }: { bucket: Bucket; key: string; expiresInSec: number; downloadName?: string }): Promise<string> {
    const disposition = downloadName === undefined ? {} : { ResponseContentDisposition: attachmentDisposition(downloadName) };
    return getSignedUrl(this.#s3, new GetObjectCommand({ Bucket: this.bucketName(bucket), Key: key, ...disposition }), { expiresIn: expiresInSec });
  }

  async presignUpload({ bucket, key, expiresInSec, maxBytes, contentType }: { bucket: Bucket; key: string; expiresInSec: number; maxBytes: number; contentType: string }): Promise<UploadInstructions> {
    const bucketName = this.bucketName(bucket);
    if (this.#presignedUpload === 'put') {
      // Emulators without POST uploads: the content type is signed, the size limit is not enforced by the server.
      const url = await getSignedUrl(this.#s3, new PutObjectCommand({ Bucket: bucketName, Key: key, ContentType: contentType }), {
        expiresIn: expiresInSec,
        signableHeaders: new Set(['content-type']),
      });
      return { method: 'PUT', url, headers: { 'Content-Type': contentType } };
    }
    const { url, fields } = await createPresignedPost(this.#s3, presignedPostRequest({ bucketName, key, expiresInSec, maxBytes, contentType }));
    return { method: 'POST', url, fields };
  }

  async #upload({ bucket, key, body, contentType }: { bucket: Bucket; key: string; body: Readable; contentType: string | undefined }): Promise<void> {
    const tagging = taggingFor({ bucket, key });
    const upload = new Upload({
      client: this.#s3,
      // Tagging rides on the PutObject / CreateMultipartUpload request itself: no second request to fail between.
      params: { Bucket: this.bucketName(bucket), Key: key, Body: body, ...(contentType ? { ContentType: contentType } : {}), ...(tagging ? { Tagging: tagging } : {}) },
      partSize: PART_SIZE_BYTES,
      queueSize: PARTS_IN_FLIGHT,
      // A failed upload leaves no parts behind (S3 would keep billing for them).
      leavePartsOnError: false,
    });
    await callAws(`upload ${bucket}/${key}`, () => upload.done());
  }
}
