import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { QUEUE_NAMES, UsageError } from '@stereo-spot/shared-types';
import type { Backend, Bucket, QueueName } from '@stereo-spot/shared-types';
import { FolderObjectStorage } from './folder-object-storage.js';
import { releaseOrphanedMessages } from './orphaned-messages.js';
import { loadSigningSecret } from './signing-secret.js';
import { SqliteDatabase } from './sqlite-database.js';
import { SqliteJobStore } from './sqlite-job-store.js';
import { SqliteDeadLetterQueue } from './sqlite-dead-letter-queue.js';
import { SqliteQueue } from './sqlite-queue.js';
import { SqliteReassemblyLock } from './sqlite-reassembly-lock.js';
import { SqliteSegmentCompletionStore } from './sqlite-segment-completion-store.js';
import { UrlSigner } from './url-signer.js';
import type { SignedUrlCheck } from './url-signer.js';

export const DATABASE_FILE_NAME = 'stereo-spot.db';
export const OBJECTS_DIR_NAME = 'objects';
export const DEFAULT_MAX_RECEIVE_COUNT = 4;
export const DEFAULT_PUBLIC_BASE_URL = 'http://127.0.0.1:8080';
/** Temporary files older than this are from a put that died; younger ones may belong to a running process. */
const STALE_TEMP_FILE_MS = 24 * 3600 * 1000;

export interface LocalBackendOptions {
  /** Created if missing; holds stereo-spot.db, objects/ and the signing secret. */
  dataDir: string;
  /** Receives after which a message goes to its dead-letter queue (default 4). */
  maxReceiveCount?: number;
  /** Default: generated once and stored in dataDir/secret (mode 0600). */
  signingSecret?: string;
  /** Base of signed URLs (default http://127.0.0.1:8080). */
  publicBaseUrl?: string;
  /** How long a write waits for another process's lock before failing with TransientStorageError (default 5000). */
  busyTimeoutMs?: number;
}

export interface LocalBackend extends Backend {
  readonly kind: 'local';
  readonly dataDir: string;
  readonly queues: Readonly<Record<QueueName, SqliteQueue>>;
  deadLetterQueue(name: QueueName): SqliteDeadLetterQueue;
  /**
   * Makes visible at once every in-flight message whose holder process is no longer alive (pid check); returns
   * how many. Called by workers at start so a job interrupted by kill -9 resumes without waiting for the
   * visibility timeout.
   */
  releaseOrphanedMessages(): Promise<number>;
  /** Checks a URL produced by presignGet/presignUpload (absolute, or the path and query an HTTP server sees). */
  verifySignedUrl(args: { url: string; method: 'GET' | 'PUT' }): SignedUrlCheck;
  /** Path on disk of an object (for a web server to stream with HTTP Range). */
  objectPath(args: { bucket: Bucket; key: string }): string;
}

/** Every port on one SQLite file and one folder; several processes may open the same data dir at once. */
export async function openLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const maxReceiveCount = options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
  if (!Number.isSafeInteger(maxReceiveCount) || maxReceiveCount < 1) throw new UsageError(`maxReceiveCount must be a positive integer, got ${maxReceiveCount}`);
  const dataDir = resolve(options.dataDir);
  await mkdir(join(dataDir, OBJECTS_DIR_NAME), { recursive: true });
  const secret = options.signingSecret ?? (await loadSigningSecret({ dataDir }));
  const signer = new UrlSigner({ secret, publicBaseUrl: options.publicBaseUrl ?? DEFAULT_PUBLIC_BASE_URL });
  const db = await SqliteDatabase.open({ path: join(dataDir, DATABASE_FILE_NAME), ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }) });

  // Ends the long polls in progress when the backend closes.
  const closing = new AbortController();
  const queues = Object.fromEntries(QUEUE_NAMES.map((name) => [name, new SqliteQueue({ db, name, maxReceiveCount, deadLetter: false, closed: closing.signal })])) as Record<QueueName, SqliteQueue>;
  const deadLetterQueues = Object.fromEntries(QUEUE_NAMES.map((name) => [name, new SqliteDeadLetterQueue({ db, name, closed: closing.signal })])) as Record<QueueName, SqliteDeadLetterQueue>;
  const storage = new FolderObjectStorage({ root: join(dataDir, OBJECTS_DIR_NAME), queues, signer });
  await storage.removeStaleTempFiles({ olderThanMs: STALE_TEMP_FILE_MS });

  return {
    kind: 'local',
    dataDir,
    jobs: new SqliteJobStore({ db }),
    completions: new SqliteSegmentCompletionStore({ db }),
    lock: new SqliteReassemblyLock({ db }),
    queues,
    storage,
    deadLetterQueue(name: QueueName): SqliteDeadLetterQueue {
      const queue = deadLetterQueues[name];
      if (!queue) throw new UsageError(`unknown queue "${name}"`);
      return queue;
    },
    releaseOrphanedMessages: () => releaseOrphanedMessages({ db }),
    verifySignedUrl: ({ url, method }) => signer.verify({ url, method }),
    objectPath: (args) => storage.objectPath(args),
    async close(): Promise<void> {
      closing.abort();
      db.close();
    },
  };
}

