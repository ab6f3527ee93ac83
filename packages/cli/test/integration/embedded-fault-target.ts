import { execFile } from 'node:child_process';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { DATABASE_FILE_NAME, OBJECTS_DIR_NAME, openLocalBackend, TEMP_DIR_NAME } from '@stereo-spot/local-adapters';
import { startMediaWorker } from '@stereo-spot/media-worker';
import { silentLogger } from '@stereo-spot/shared-types';
import { FAULT_MAX_RECEIVES, faultWorkerSettings, strikeNowAndThen, type FaultDisturbance, type FaultTarget } from '@stereo-spot/test-kit';
import { startCli } from './run-cli.ts';
import { startLockHolder } from './start-lock-holder.ts';

/** Another process takes the SQLite write lock (BEGIN IMMEDIATE, in WAL mode the same as EXCLUSIVE) for 2–7 s: writers wait, then get busy errors. */
function databaseLocks({ dbPath, windows }: { dbPath: string; windows: number }): FaultDisturbance {
  return {
    async run({ signal, random }) {
      let lockedMs = 0;
      const locks = await strikeNowAndThen({
        times: windows,
        signal,
        random,
        strike: async () => {
          const ms = Math.round(2000 + random() * 5000);
          await startLockHolder({ dbPath, ms }).released;
          lockedMs += ms;
        },
      });
      return { 'database lock windows': locks, 'database locked s': Math.round(lockedMs / 1000) };
    },
  };
}

/**
 * The object store's temporary folder (every put goes through it) made unwritable for 1–3 s: chmod for a normal
 * user; root ignores permissions, so there the folder is made immutable (chattr +i) instead.
 */
function unwritableStorage({ dir, windows }: { dir: string; windows: number }): FaultDisturbance {
  const asRoot = process.getuid?.() === 0;
  const run = promisify(execFile);
  const freeze = (on: boolean) => (asRoot ? run('chattr', [on ? '+i' : '-i', dir]).then(() => undefined) : chmod(dir, on ? 0o555 : 0o755));
  return {
    async run({ signal, random }) {
      await mkdir(dir, { recursive: true });
      const frozen = await strikeNowAndThen({
        times: windows,
        signal,
        random,
        strike: async () => {
          await freeze(true);
          try {
            await sleep(1000 + random() * 2000);
          } finally {
            await freeze(false);
          }
        },
      });
      return { 'storage unwritable windows': frozen };
    },
  };
}

/**
 * The embedded backend for a fault run: one data dir, `stereo-spot worker all` processes on it, the database
 * locked by another process and the storage folder unwritable now and then (`storageWindows` times each).
 */
export async function openEmbeddedFaultTarget({ dir, storageWindows }: { dir: string; storageWindows: number }): Promise<FaultTarget> {
  const dataDir = join(dir, 'data');
  await mkdir(dataDir, { recursive: true });
  const backend = await openLocalBackend({ dataDir, maxReceiveCount: FAULT_MAX_RECEIVES });
  const { args, env, tuning } = faultWorkerSettings({ visibilityTimeoutSec: 30 });
  return {
    name: 'embedded',
    backend,
    startWorker: () => startCli(args(dataDir), env),
    startChunker: (ports) => startMediaWorker({ backend: ports, logger: silentLogger(), workDir: join(dir, 'chunker'), roles: ['chunking'], defaultSegmentSeconds: 1, tuning }),
    disturbances: [
      databaseLocks({ dbPath: join(dataDir, DATABASE_FILE_NAME), windows: storageWindows }),
      unwritableStorage({ dir: join(dataDir, OBJECTS_DIR_NAME, TEMP_DIR_NAME), windows: storageWindows }),
    ],
    close: () => backend.close(),
  };
}
