import { setTimeout as sleep } from 'node:timers/promises';
import { isSegmentKey, overrideMethods, parseSegmentKey, type Backend, type JobStore, type ObjectStorage } from '@stereo-spot/shared-types';
import { waitForConversions } from './wait-for-conversions.js';

export interface LateChunkingStats {
  /** Jobs whose segments were uploaded last-first (so they are converted, and complete, out of order). */
  reversed: number;
  /** Jobs whose every segment was converted before `chunking_complete` was written (the race). */
  raced: Set<string>;
  /**
   * Jobs whose last segment was converted before any other was uploaded: out of order for certain, whatever the
   * stored completion times say later (a redelivered or duplicated conversion rewrites its segment's time).
   */
  lastConvertedFirst: Set<string>;
}

/**
 * Ports for a chunking worker that finishes late and backwards, the two orders the trigger must cope with: the
 * segment uploads are held back until the worker marks the job `chunking_complete`; then the last segment is sent
 * alone and converted before the others are sent (last first), and the mark itself waits (up to `waitMs`) until
 * every segment has been converted. A standard queue and its duplicates decide nothing about that order. The
 * worker's code is unchanged; only the timing of its storage and job-store calls is. Those held-back calls ride out
 * the run's storage faults (tried again until `waitMs`): a failed chunking would be redelivered, maybe to another
 * worker, and the job would not be chunked late after all.
 */
export function lateReversedChunking({ backend, waitMs }: { backend: Backend; waitMs: number }): { backend: Backend; stats: LateChunkingStats } {
  const persist = async <T>(call: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await sleep(200);
      }
    }
  };
  const stats: LateChunkingStats = { reversed: 0, raced: new Set(), lastConvertedFirst: new Set() };
  const held = new Map<string, Array<Parameters<ObjectStorage['putFile']>[0]>>();
  const storage = overrideMethods<ObjectStorage>(backend.storage, {
    async putFile(upload) {
      if (upload.bucket !== 'input' || !isSegmentKey(upload.key)) return backend.storage.putFile(upload);
      const { jobId } = parseSegmentKey(upload.key);
      held.set(jobId, [...(held.get(jobId) ?? []), upload]);
    },
  });
  const jobs = overrideMethods<JobStore>(backend.jobs, {
    async transition(args) {
      const total = args.patch?.total_segments;
      let converted = false;
      if (args.to === 'chunking_complete' && total !== undefined) {
        const uploads = (held.get(args.jobId) ?? []).sort((a, b) => parseSegmentKey(b.key).segmentIndex - parseSegmentKey(a.key).segmentIndex);
        held.delete(args.jobId);
        for (const [i, upload] of uploads.entries()) {
          // Copied, not consumed: a put that failed after taking the file could not be tried again.
          await persist(() => backend.storage.putFile({ ...upload, consume: false }));
          if (i > 0 || uploads.length === 1) continue;
          stats.reversed += 1;
          if (await waitForConversions({ completions: backend.completions, jobId: args.jobId, total: 1, waitMs })) stats.lastConvertedFirst.add(args.jobId);
        }
        converted = await waitForConversions({ completions: backend.completions, jobId: args.jobId, total, waitMs });
      }
      const result = await (total === undefined ? backend.jobs.transition(args) : persist(() => backend.jobs.transition(args)));
      if (result.applied && converted) stats.raced.add(args.jobId);
      return result;
    },
  });
  return { backend: overrideMethods(backend, { storage, jobs }), stats };
}
