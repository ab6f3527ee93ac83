import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalBackend, type LocalBackend } from '@stereo-spot/local-adapters';
import { buildSourceKey, silentLogger, type Backend, type Job, type QueueMessage, type QueueName } from '@stereo-spot/shared-types';
import { generateClip, newJob } from '@stereo-spot/test-kit';

/**
 * A job on a fresh embedded backend with its source uploaded (so its chunking message is queued): a generated MP4
 * clip, or what `writeSource` writes; `job` overrides the job's fields (format, options).
 */
export async function setUpJob({
  clipSeconds = 6,
  segmentSeconds = 2,
  writeSource,
  job: overrides = {},
}: { clipSeconds?: number; segmentSeconds?: number; writeSource?: (path: string) => Promise<void>; job?: Partial<Job> } = {}): Promise<{
  backend: LocalBackend;
  job: Job;
  dir: string;
  cleanUp: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-pipeline-'));
  const backend = await openLocalBackend({ dataDir: join(dir, 'data') });
  const source = join(dir, 'source.mp4');
  if (writeSource) await writeSource(source);
  else await generateClip({ path: source, durationSec: clipSeconds, fps: 25, gop: 25, audioTracks: 1 });
  const job = newJob({ ...overrides, options: { depth: 'passthrough', segment_seconds: segmentSeconds, ...overrides.options } });
  await backend.jobs.create(job);
  await backend.storage.putFile({ bucket: 'input', key: buildSourceKey(job.job_id), path: source });
  return {
    backend,
    job,
    dir,
    cleanUp: async () => {
      await backend.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every message now visible on a queue, received (and so held) by the caller. */
export async function receiveAll(backend: Backend, queue: QueueName): Promise<QueueMessage[]> {
  const messages: QueueMessage[] = [];
  for (;;) {
    const batch = await backend.queues[queue].receive({ maxMessages: 10, waitSeconds: 0, visibilityTimeoutSec: 60 });
    if (batch.length === 0) return messages;
    messages.push(...batch);
  }
}

export function handlerContext(message: QueueMessage) {
  return { message, signal: new AbortController().signal, logger: silentLogger() };
}
