import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Job } from '@stereo-spot/shared-types';
import { openLocalBackend } from '../src/index.ts';
import type { LocalBackend, LocalBackendOptions } from '../src/index.ts';

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-local-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A backend on its own temporary data dir; `cleanup` closes it and removes the dir. */
export async function openTempBackend(options: Partial<LocalBackendOptions> = {}): Promise<{ backend: LocalBackend; dir: string; cleanup: () => Promise<void> }> {
  const temp = await makeTempDir();
  const backend = await openLocalBackend({ dataDir: temp.dir, ...options });
  return {
    backend,
    dir: temp.dir,
    cleanup: async () => {
      await backend.close();
      await temp.cleanup();
    },
  };
}

export function makeJob(overrides: Partial<Job> = {}): Job {
  const now = Date.now();
  return {
    job_id: randomUUID(),
    status: 'created',
    format: 'sbs-full',
    options: { depth: 'passthrough' },
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
