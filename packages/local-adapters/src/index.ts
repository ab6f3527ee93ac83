/**
 * The ports of @stereo-spot/shared-types on one SQLite file and one folder (`openLocalBackend`), for running
 * stereo-spot on one machine; several processes may share a data dir.
 */
export { openLocalBackend, DATABASE_FILE_NAME, DEFAULT_MAX_RECEIVE_COUNT, DEFAULT_PUBLIC_BASE_URL, OBJECTS_DIR_NAME } from './local-backend.js';
export { TEMP_DIR_NAME } from './folder-object-storage.js';
export type { LocalBackend, LocalBackendOptions } from './local-backend.js';
export { ObjectTooLargeError } from './errors.js';
export { SqliteQueue, deadLetterQueueName, POLL_INTERVAL_MS } from './sqlite-queue.js';
export { SqliteDeadLetterQueue } from './sqlite-dead-letter-queue.js';
export { DEFAULT_LOCK_TTL_SEC } from './sqlite-reassembly-lock.js';
export type { SignedUrlCheck, SignedUrlGrant, SignedUrlMethod } from './url-signer.js';
