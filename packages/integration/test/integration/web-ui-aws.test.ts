import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { openAwsBackend } from '@stereo-spot/aws-adapters';
import { buildFinalKey, buildSourceKey, silentLogger, type CreateJobResponse, type JobView, type ListJobsResponse } from '@stereo-spot/shared-types';
import { newJob } from '@stereo-spot/test-kit';
import { buildWebApp, defaultWebUiConfig } from '@stereo-spot/web-ui';
import { createAwsTestStack, startAwsEmulators, type AwsEmulators } from '../../src/index.ts';

// The web server on the AWS backend (DynamoDB Local + fauxqs): the same app as on one machine, with uploads and
// playback going to S3 through presigned URLs and no storage endpoint of its own.
let emulators: AwsEmulators;
before(async () => {
  emulators = await startAwsEmulators();
});
after(async () => {
  await emulators?.stop();
});

test('web UI on AWS: create through the API, upload to the presigned URL, progress, completed list with presigned results, pages, cancel', async () => {
  const stack = await createAwsTestStack({ emulators });
  const backend = await openAwsBackend({ config: stack.config });
  const app = await buildWebApp({ backend, config: defaultWebUiConfig(), logger: silentLogger() });
  try {
    const created = await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'tb-half', depth: 'passthrough' } });
    assert.equal(created.statusCode, 201);
    const { job_id: jobId, upload } = created.json<CreateJobResponse>();
    assert.equal(upload.method, 'PUT');
    assert.ok(upload.url.startsWith(emulators.sqsS3Endpoint), upload.url);
    const body = randomBytes(50_000);
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers ?? {}, body });
    assert.equal(put.status, 200, await put.clone().text());
    assert.equal(await backend.storage.exists({ bucket: 'input', key: buildSourceKey(jobId) }), true);
    assert.ok(stack.forwardedEvents.some((event) => event.queue === 'chunking' && event.key === buildSourceKey(jobId)));
    assert.equal((await app.inject({ method: 'GET', url: `/api/jobs/${jobId}` })).json<JobView>().status, 'created');

    const uploadPage = await app.inject({ method: 'GET', url: `/jobs/${jobId}/upload` });
    assert.equal(uploadPage.statusCode, 200);
    assert.match(String(uploadPage.headers['content-security-policy']), new RegExp(`connect-src 'self' ${new URL(emulators.sqsS3Endpoint).origin}`));

    // A job the workers finished: its result is read through a presigned GET, with Range.
    const done = newJob({ status: 'completed', format: 'tb-half', completed_at: Date.now(), total_segments: 3 });
    await backend.jobs.create(done);
    await backend.storage.putStream({ bucket: 'output', key: buildFinalKey({ jobId: done.job_id }), body: Readable.from([body]) });
    const list = (await app.inject({ method: 'GET', url: '/api/jobs?status=completed' })).json<ListJobsResponse>();
    assert.deepEqual(list.jobs.map((job) => job.job_id), [done.job_id]);
    const resultUrl = list.jobs[0]?.result_url;
    assert.ok(resultUrl);
    assert.ok(resultUrl.startsWith(emulators.sqsS3Endpoint));
    const part = await fetch(resultUrl, { headers: { range: 'bytes=0-9' } });
    assert.equal(part.status, 206);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), body.subarray(0, 10));
    const play = await app.inject({ method: 'GET', url: `/jobs/${done.job_id}/play` });
    assert.equal(play.statusCode, 200);
    // A pass-through job: its copy is offered as 2D, under a name that says so, from S3 with Content-Disposition.
    assert.match(play.body, /<h1>Copy \(pass-through, 2D\)<\/h1>/);
    assert.match(play.body, /response-content-disposition=attachment%3B%20filename%3Dstereo-spot-[0-9a-f]{8}_2D\.mp4/);
    assert.match(String(play.headers['content-security-policy']), new RegExp(`media-src 'self' blob: ${new URL(emulators.sqsS3Endpoint).origin}`));
    assert.equal((await app.inject({ method: 'GET', url: '/jobs' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: `/api/jobs/${crypto.randomUUID()}` })).statusCode, 404);

    // Cancelling is one conditional update on DynamoDB: the waiting job ends cancelled, the completed one is refused.
    const cancel = (id: string) => app.inject({ method: 'POST', url: `/api/jobs/${id}/cancel`, payload: {} });
    const cancelled = await cancel(jobId);
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.equal((await backend.jobs.get(jobId))?.status, 'cancelled');
    assert.equal((await cancel(done.job_id)).statusCode, 409);
    assert.equal((await backend.jobs.get(done.job_id))?.status, 'completed');

    // Deleting an ended job on AWS: its S3 objects, its SegmentCompletions and its Jobs item go.
    await backend.completions.put({ job_id: done.job_id, segment_index: 0, output_s3_uri: `s3://output/jobs/${done.job_id}/segments/0.mp4`, completed_at: 1, total_segments: 3 });
    const deleted = await app.inject({ method: 'DELETE', url: `/api/jobs/${done.job_id}` });
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal(await backend.jobs.get(done.job_id), undefined);
    assert.equal(await backend.completions.countByJob(done.job_id), 0);
    assert.deepEqual(await backend.storage.list({ bucket: 'output', prefix: `jobs/${done.job_id}/` }), []);
    assert.equal((await app.inject({ method: 'DELETE', url: `/api/jobs/${done.job_id}` })).statusCode, 404);
  } finally {
    await app.close();
    await backend.close();
    await stack.dispose();
  }
});
