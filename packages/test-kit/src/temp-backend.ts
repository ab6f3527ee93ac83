import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalBackend, type LocalBackend, type LocalBackendOptions } from '@stereo-spot/local-adapters';
import type { Job } from '@stereo-spot/shared-types';

/** A job record as the API would create it, with the given fields changed. */
export function newJob(overrides: Partial<Job> = {}): Job {
  const now = Date.now();
  return { job_id: randomUUID(), status: 'created', format: 'sbs-full', options: { depth: 'passthrough' }, created_at: now, updated_at: now, ...overrides };
}

/** Runs `work` on a fresh embedded backend in its own temp folder, removed afterwards whatever happens. */
export async function withTempBackend<T>(
  work: (context: { backend: LocalBackend; dir: string }) => Promise<T>,
  options: Omit<LocalBackendOptions, 'dataDir'> = {},
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-test-'));
  const backend = await openLocalBackend({ ...options, dataDir: join(dir, 'data') });
  try {
    return await work({ backend, dir });
  } finally {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  }
}
