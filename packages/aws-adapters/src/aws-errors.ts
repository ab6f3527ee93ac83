import { NotFoundError, ReceiptHandleExpiredError, TransientStorageError } from '@stereo-spot/shared-types';

/** What an AWS error means to the queue loop. Anything not listed stays as it is (and is retried as unknown). */
type AwsErrorKind = 'retryable' | 'receipt-handle' | 'not-found';

const AWS_ERROR_KINDS: Readonly<Record<string, AwsErrorKind>> = {
  ThrottlingException: 'retryable',
  Throttling: 'retryable',
  ProvisionedThroughputExceededException: 'retryable',
  RequestLimitExceeded: 'retryable',
  RequestThrottled: 'retryable',
  RequestThrottledException: 'retryable',
  SlowDown: 'retryable',
  TransactionConflictException: 'retryable',
  InternalServerError: 'retryable',
  InternalError: 'retryable',
  ServiceUnavailable: 'retryable',
  KMSThrottlingException: 'retryable',
  TimeoutError: 'retryable',
  ReceiptHandleIsInvalid: 'receipt-handle',
  MessageNotInflight: 'receipt-handle',
  NoSuchKey: 'not-found',
  NotFound: 'not-found',
};

/** Socket-level failures: the request may not have reached AWS at all. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

interface AwsErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

export function awsErrorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as AwsErrorShape).name : undefined;
}

function kindOf(error: AwsErrorShape): AwsErrorKind | undefined {
  const byName = error.name === undefined ? undefined : AWS_ERROR_KINDS[error.name];
  if (byName) return byName;
  // SQS answers a receipt handle of an earlier delivery with a generic InvalidParameterValue.
  if (error.name === 'InvalidParameterValue' && /receipt ?handle/i.test(error.message ?? '')) return 'receipt-handle';
  if (error.code !== undefined && NETWORK_CODES.has(error.code)) return 'retryable';
  const status = error.$metadata?.httpStatusCode;
  if (error.$retryable || (status !== undefined && (status >= 500 || status === 429))) return 'retryable';
  return undefined;
}

/**
 * Maps an AWS SDK error to the shared error classes, so typed errors (never message text) decide retries:
 * throttling, 5xx and network failures → `TransientStorageError`; a receipt handle of an earlier delivery →
 * `ReceiptHandleExpiredError`; a missing object → `NotFoundError`. Other errors are returned unchanged.
 */
export function toPortError(error: unknown, what: string): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const shape = error as AwsErrorShape;
  const message = `${what}: ${shape.name ?? 'error'}: ${shape.message ?? ''}`.trimEnd();
  switch (kindOf(shape)) {
    case 'retryable':
      return new TransientStorageError(message, { cause: error });
    case 'receipt-handle':
      return new ReceiptHandleExpiredError(message, { cause: error });
    case 'not-found':
      return new NotFoundError(message, { cause: error });
    case undefined:
      return error;
  }
}

/** Runs one AWS call and rethrows its failure as a port error. */
export async function callAws<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toPortError(error, what);
  }
}
