import { ConflictError, JobNotCancellableError, NotFoundError, ObjectTooLargeError, UsageError } from '@stereo-spot/shared-types';

/** An error the web layer raises itself, with the status it answers. */
export class HttpError extends Error {
  readonly status: number;
  constructor({ status, message, cause }: { status: number; message: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.status = status;
  }
}

/** Classes of the shared errors → status; the first match wins (subclasses before their parents). */
const STATUS_OF_ERROR: ReadonlyArray<readonly [abstract new (...args: never[]) => Error, number]> = [
  [NotFoundError, 404],
  [ConflictError, 409],
  [JobNotCancellableError, 409],
  [ObjectTooLargeError, 413],
  [UsageError, 400],
];

/** The status to answer for an error: ours, the shared classes, fastify's own 4xx (bad JSON, media type…), else 500. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  for (const [type, status] of STATUS_OF_ERROR) if (error instanceof type) return status;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return status;
  return 500;
}

/** What a client may read: never a stack, a path or an internal message for a server error. */
export function publicMessageOf({ error, status }: { error: unknown; status: number }): string {
  if (status >= 500) return 'internal error; the details are in the server log';
  const message = error instanceof Error ? error.message : String(error);
  // fastify's messages are safe but may be long (e.g. a JSON parse position); one line is enough.
  return message.split('\n')[0]?.slice(0, 300) ?? 'bad request';
}

export const ERROR_CODE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  429: 'too_many_requests',
  500: 'internal_error',
  503: 'unavailable',
};

export function errorCodeOf(status: number): string {
  return ERROR_CODE_OF_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}
