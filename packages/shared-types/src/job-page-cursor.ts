import { UsageError } from './errors.js';

/**
 * Where a page of jobs ended: the last job's sort time (`completed_at` for completed jobs, `updated_at` for a
 * status listing) and its id. Opaque to callers (base64url JSON); every JobStore adapter pages with it.
 */
export interface CursorKey {
  at: number;
  jobId: string;
}

export function encodeCursor({ at, jobId }: CursorKey): string {
  return Buffer.from(JSON.stringify([at, jobId])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { at: value[0] as number, jobId: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new UsageError('invalid cursor');
}
