import type { Readable } from 'node:stream';
import type { UploadInstructions } from '../api.js';
import type { Bucket } from '../buckets.js';

export interface StoredObject {
  key: string;
  size: number;
}

/** Buckets of objects, streamed to and from files: no object is ever held whole in memory. */
export interface ObjectStorage {
  /** The real name behind a logical bucket (for `s3://` URIs and events). */
  bucketName(bucket: Bucket): string;
  /**
   * Uploads a file. With `consume`, the caller hands the file over (a worker's scratch output): the adapter may
   * move it instead of copying it, and the file may be gone afterwards.
   */
  putFile(args: { bucket: Bucket; key: string; path: string; contentType?: string; consume?: boolean }): Promise<void>;
  putStream(args: { bucket: Bucket; key: string; body: Readable; contentType?: string; maxBytes?: number }): Promise<{ size: number }>;
  /**
   * Throws `NotFoundError` when the object does not exist. The file may share storage with the object (a hard
   * link on the embedded backend): read it, never write into it.
   */
  getToFile(args: { bucket: Bucket; key: string; path: string }): Promise<void>;
  exists(args: { bucket: Bucket; key: string }): Promise<boolean>;
  /**
   * Copies an object to another key of the same bucket, inside the storage (no download), whole or not at all;
   * the new object raises its own object-created event. Throws `NotFoundError` when the source does not exist.
   */
  copy(args: { bucket: Bucket; fromKey: string; toKey: string }): Promise<void>;
  list(args: { bucket: Bucket; prefix: string }): Promise<StoredObject[]>;
  deletePrefix(args: { bucket: Bucket; prefix: string }): Promise<number>;
  /**
   * A URL that reads the object until it expires. With `downloadName`, the response carries
   * `attachmentDisposition(downloadName)`, so a browser saves it under that name.
   */
  presignGet(args: { bucket: Bucket; key: string; expiresInSec: number; downloadName?: string }): Promise<string>;
  /** How a browser or script uploads one object directly, within a size limit and content type. */
  presignUpload(args: { bucket: Bucket; key: string; expiresInSec: number; maxBytes: number; contentType: string }): Promise<UploadInstructions>;
}
