import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import { newJob, withTempBackend } from '@stereo-spot/test-kit';
import { parseReassemblyPayload, silentLogger, TransientStorageError } from '@stereo-spot/shared-types';
import { createStreamHandler } from '../src/index.ts';

let sequence = 100;
function streamRecord({ jobId, segmentIndex, eventName = 'INSERT' }: { jobId: string; segmentIndex: number; eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' }): DynamoDBRecord {
  sequence += 1;
  return {
    eventID: `e${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { job_id: { S: jobId }, segment_index: { N: String(segmentIndex) } },
      ...(eventName === 'REMOVE' ? {} : { NewImage: { job_id: { S: jobId }, segment_index: { N: String(segmentIndex) }, total_segments: { N: '2' } } }),
      SequenceNumber: String(sequence),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

test('one check per job of a batch; a bad record is skipped; duplicates trigger once', async () => {
  await withTempBackend(async ({ backend }) => {
    const job = newJob({ status: 'chunking_complete', total_segments: 2 });
    await backend.jobs.create(job);
    for (const i of [0, 1]) await backend.completions.put({ job_id: job.job_id, segment_index: i, output_s3_uri: `s3://o/${i}`, completed_at: 1, total_segments: 2 });
    const pending = newJob({ status: 'chunking_complete', total_segments: 3 });
    await backend.jobs.create(pending);
    let reads = 0;
    const jobs = { ...backend.jobs, get: (id: string) => ((reads += 1), backend.jobs.get(id)) };
    const handle = createStreamHandler({ backend: { ...backend, jobs }, logger: silentLogger() });
    const bad: DynamoDBRecord = { eventID: 'bad', eventName: 'INSERT', dynamodb: { NewImage: { job_id: { S: 'not-a-uuid' } }, SequenceNumber: '1' } };
    const records = [streamRecord({ jobId: job.job_id, segmentIndex: 0 }), bad, streamRecord({ jobId: job.job_id, segmentIndex: 1 }), streamRecord({ jobId: pending.job_id, segmentIndex: 0 }), streamRecord({ jobId: job.job_id, segmentIndex: 1, eventName: 'REMOVE' })];
    const result = await handle({ Records: records });
    assert.deepEqual(result.batchItemFailures, []);
    assert.deepEqual(result.outcomes, { [job.job_id]: 'triggered', [pending.job_id]: 'segments-pending' });
    assert.equal(reads, 2, 'one check per distinct job');
    // The same records again (Lambda retries, duplicated stream records): no second trigger.
    const again = await handle({ Records: records });
    assert.equal(again.outcomes[job.job_id], 'already-triggered');
    const messages = await backend.queues.reassembly.receive({ maxMessages: 10, waitSeconds: 0, visibilityTimeoutSec: 30 });
    assert.deepEqual(messages.map((m) => parseReassemblyPayload(m.body).job_id), [job.job_id]);
  });
});

test('a job whose check fails reports its records only, so the rest of the batch is not repeated', async () => {
  await withTempBackend(async ({ backend }) => {
    const healthy = newJob({ status: 'chunking_in_progress' });
    await backend.jobs.create(healthy);
    const broken = randomUUID();
    const jobs = { ...backend.jobs, get: (id: string) => (id === broken ? Promise.reject(new TransientStorageError('throttled')) : backend.jobs.get(id)) };
    const handle = createStreamHandler({ backend: { ...backend, jobs }, logger: silentLogger() });
    const brokenRecords = [streamRecord({ jobId: broken, segmentIndex: 3 }), streamRecord({ jobId: broken, segmentIndex: 4 })];
    const result = await handle({ Records: [streamRecord({ jobId: healthy.job_id, segmentIndex: 0 }), ...brokenRecords] });
    assert.deepEqual(
      result.batchItemFailures.map((failure) => failure.itemIdentifier),
      brokenRecords.map((record) => record.dynamodb?.SequenceNumber),
    );
    assert.equal(result.outcomes[healthy.job_id], 'not-chunked-yet');
  });
});
