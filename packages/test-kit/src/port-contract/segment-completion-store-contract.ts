import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { SegmentCompletion } from '@stereo-spot/shared-types';
import type { PortContractTarget } from './port-contract-target.js';

const completion = (jobId: string, segmentIndex: number, extra: Partial<SegmentCompletion> = {}): SegmentCompletion => ({
  job_id: jobId,
  segment_index: segmentIndex,
  output_s3_uri: `s3://output/jobs/${jobId}/segments/${segmentIndex}.mp4`,
  completed_at: 1000 + segmentIndex,
  total_segments: 12,
  ...extra,
});

/** SegmentCompletionStore: idempotent put, ordered list, count; `started_at` kept when given. */
export function segmentCompletionStoreContract(target: PortContractTarget): void {
  test(`[${target.name}] SegmentCompletionStore: put upserts on (job, index); list ordered by index; count`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 4 });
    t.after(cleanup);
    const jobId = randomUUID();
    const other = randomUUID();
    for (const i of [10, 2, 0, 11, 5]) await backend.completions.put(completion(jobId, i));
    await backend.completions.put(completion(other, 0, { started_at: 900 }));
    await backend.completions.put(completion(jobId, 2, { completed_at: 9999 }));
    await Promise.all(Array.from({ length: 12 }, (_, i) => backend.completions.put(completion(jobId, [0, 5, 11][i % 3] ?? 0))));
    assert.equal(await backend.completions.countByJob(jobId), 5);
    assert.equal(await backend.completions.countByJob(other), 1);
    assert.equal(await backend.completions.countByJob(randomUUID()), 0);
    const listed = await backend.completions.listByJob(jobId);
    assert.deepEqual(listed.map((c) => c.segment_index), [0, 2, 5, 10, 11]);
    assert.equal(listed[1]?.completed_at, 9999);
    assert.deepEqual(listed[0], completion(jobId, 0), 'no started_at when none was written');
    assert.deepEqual(await backend.completions.listByJob(other), [completion(other, 0, { started_at: 900 })]);
  });

  test(`[${target.name}] SegmentCompletionStore: deleteByJob removes one job's completions, not another's`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 4 });
    t.after(cleanup);
    const jobId = randomUUID();
    const other = randomUUID();
    for (let i = 0; i < 30; i += 1) await backend.completions.put(completion(jobId, i));
    await backend.completions.put(completion(other, 0));
    assert.equal(await backend.completions.deleteByJob(jobId), 30);
    assert.equal(await backend.completions.countByJob(jobId), 0);
    assert.equal(await backend.completions.countByJob(other), 1);
    assert.equal(await backend.completions.deleteByJob(jobId), 0);
  });
}
