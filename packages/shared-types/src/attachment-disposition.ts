import { create } from 'content-disposition';

/**
 * The Content-Disposition of a download saved under `fileName` (RFC 6266, with an ASCII fallback and the UTF-8
 * name for browsers that read it). Both storage backends send it: S3 through the signed URL, the embedded
 * server from its own signed URL.
 */
export function attachmentDisposition(fileName: string): string {
  return create(fileName, { type: 'attachment' });
}
