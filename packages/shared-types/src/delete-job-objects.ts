import { jobPrefixes } from './keys.js';
import type { ObjectStorage } from './ports/object-storage.js';

/** Removes every object of one job from both buckets (its source, segments, result); returns how many there were. */
export async function deleteJobObjects({ storage, jobId }: { storage: Pick<ObjectStorage, 'deletePrefix'>; jobId: string }): Promise<number> {
  const prefixes = jobPrefixes(jobId);
  let deleted = 0;
  for (const prefix of prefixes.input) deleted += await storage.deletePrefix({ bucket: 'input', prefix });
  for (const prefix of prefixes.output) deleted += await storage.deletePrefix({ bucket: 'output', prefix });
  return deleted;
}
