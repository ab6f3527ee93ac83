import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { SegmentCompletion } from '@stereo-spot/shared-types';
import { openTempBackend } from './helpers.ts';

const completion = (jobId: string, segmentIndex: number, extra: Partial<SegmentCompletion> = {}): SegmentCompletion => ({
  job_id: jobId,
  segment_index: segmentIndex,
  output_s3_uri: `s3://output/jobs/${jobId}/segments/${segmentIndex}.mp4`,
  completed_at: 1000 + segmentIndex,
  total_segments: 12,
  ...extra,
});

test('put upserts on (job, index); list is ordered by index; count counts one per index', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const jobId = randomUUID();
  const other = randomUUID();
  for (const i of [10, 2, 0, 11, 5]) await backend.completions.put(completion(jobId, i));
  await backend.completions.put(completion(other, 0));
  // Redelivered segment: written again with a later time, still one record.
  await backend.completions.put(completion(jobId, 2, { completed_at: 9999 }));

  assert.equal(await backend.completions.countByJob(jobId), 5);
  assert.equal(await backend.completions.countByJob(other), 1);
  assert.equal(await backend.completions.countByJob(randomUUID()), 0);
  const listed = await backend.completions.listByJob(jobId);
  assert.deepEqual(listed.map((c) => c.segment_index), [0, 2, 5, 10, 11]);
  assert.equal(listed[1]?.completed_at, 9999);
  assert.deepEqual(listed[0], completion(jobId, 0));
});

test('concurrent puts of the same segments keep one record each', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const jobId = randomUUID();
  await Promise.all(Array.from({ length: 30 }, (_, i) => backend.completions.put(completion(jobId, i % 6))));
  assert.equal(await backend.completions.countByJob(jobId), 6);
});
