/**
 * Errors that decide what a queue loop does with a message. Anything that is not a `PermanentError`
 * is retried until the queue's receive limit, so a bug or an unknown failure never loses a message silently.
 */
export abstract class StereoSpotError extends Error {
  abstract readonly retryable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Will fail the same way however often it is tried: the job fails and the message is removed. */
export class PermanentError extends StereoSpotError {
  readonly retryable = false;
}

/** Might succeed later (storage hiccup, throttling, a busy database). */
export class RetryableError extends StereoSpotError {
  readonly retryable = true;
}

/** A storage key that does not match its documented shape. Keys are rejected, never guessed. */
export class InvalidKeyError extends PermanentError {}

/** The input is not something stereo-spot can convert (not a video, truncated, no video stream…). */
export class InvalidInputError extends PermanentError {}

/** A message body that is not what the queue carries. */
export class InvalidMessageError extends PermanentError {}

/** The object or record asked for does not exist. */
export class NotFoundError extends PermanentError {}

/** Bad options given by a person (CLI flag, API field): reported, never retried. */
export class UsageError extends PermanentError {}

/** A storage or queue call that failed in a way worth retrying. */
export class TransientStorageError extends RetryableError {}

export function isPermanent(error: unknown): boolean {
  return error instanceof StereoSpotError && !error.retryable;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A conditional create found the record already there. */
export class ConflictError extends PermanentError {}

/**
 * `changeVisibility` was called with a receipt handle that is no longer the message's current one: the message
 * was received again by someone else (its visibility lapsed) or deleted. The caller no longer holds it and should
 * stop working on it without deleting it or failing the job. Retryable, so that a caller that does not catch it
 * leaves the message to the queue's redelivery instead of failing a job another worker now owns.
 */
export class ReceiptHandleExpiredError extends RetryableError {}

/** An upload went past its size limit; nothing was stored. */
export class ObjectTooLargeError extends PermanentError {}

/** A download that failed: unreachable host, an HTTP error status, a connection cut too often. */
export class DownloadError extends RetryableError {}

/** A downloaded or cached file whose size or SHA-256 is not the expected one; it is not kept. */
export class IntegrityError extends PermanentError {}
