import { setTimeout as sleep } from 'node:timers/promises';
import type { SegmentCompletionStore } from '@stereo-spot/shared-types';

/** Waits (up to `waitMs`) until `total` segments of the job are converted; true if that many were. */
export async function waitForConversions({ completions, jobId, total, waitMs }: { completions: SegmentCompletionStore; jobId: string; total: number; waitMs: number }): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if ((await completions.countByJob(jobId)) >= total) return true;
    if (Date.now() >= deadline) return false;
    await sleep(200);
  }
}
