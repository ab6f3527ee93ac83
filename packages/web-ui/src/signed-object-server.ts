import type { Bucket, ObjectStorage } from '@stereo-spot/shared-types';

/** What a signed URL grants, or why it does not (the embedded adapter's `verifySignedUrl`). */
export type SignedUrlVerdict =
  | { ok: true; bucket: Bucket; key: string; maxBytes?: number; contentType?: string; downloadName?: string }
  | { ok: false; reason: string };

/**
 * The port behind the local storage endpoint: the embedded backend checks its own signed URLs and says where an
 * object lies on disk. On AWS there is none (browsers talk to S3), so the endpoint is not mounted.
 */
export interface SignedObjectServer {
  verifySignedUrl(args: { url: string; method: 'GET' | 'PUT' }): SignedUrlVerdict;
  objectPath(args: { bucket: Bucket; key: string }): string;
  readonly storage: Pick<ObjectStorage, 'putStream'>;
}
