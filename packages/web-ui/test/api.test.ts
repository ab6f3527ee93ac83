import { test } from 'node:test';
import { Readable } from 'node:stream';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { ENCODER_PRESETS, isJobId, type CreateJobResponse, type JobView, type ListJobsResponse } from '@stereo-spot/shared-types';
import { processWorkerMetrics } from '@stereo-spot/worker-runtime';
import { webCreateJobRequestSchema } from '../src/job-service.ts';
import { newJob } from '@stereo-spot/test-kit';
import { PUBLIC_BASE, storeCompletedJobs, withWebApp } from './helpers.ts';

test('POST /api/jobs creates a job with PUT upload instructions; GET /api/jobs/{id} shows it waiting', async () => {
  await withWebApp(async ({ app, backend }) => {
    const created = await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'sbs', depth: 'passthrough', divergence: 2.5 } });
    assert.equal(created.statusCode, 201);
    const body = created.json<CreateJobResponse>();
    assert.ok(isJobId(body.job_id));
    assert.equal(created.headers.location, `/api/jobs/${body.job_id}`);
    assert.equal(body.upload.method, 'PUT');
    assert.ok(body.upload.url.startsWith(`${PUBLIC_BASE}/storage/input/input/${body.job_id}/source.mp4?`));
    assert.deepEqual(body.upload.headers, { 'content-type': 'video/mp4' });
    const stored = await backend.jobs.get(body.job_id);
    assert.equal(stored?.format, 'sbs-full');
    assert.deepEqual(stored?.options, { depth: 'passthrough', divergence: 2.5 });

    const view = await app.inject({ method: 'GET', url: `/api/jobs/${body.job_id}` });
    assert.equal(view.statusCode, 200);
    const job = view.json<JobView>();
    assert.equal(job.status, 'created');
    assert.equal(job.segments_done, 0);
    assert.equal(job.result_url, undefined);
    assert.equal(view.headers['x-content-type-options'], 'nosniff');
  });
});

test('POST /api/jobs: the declared content type must be a video type and is signed into the URL', async () => {
  await withWebApp(async ({ app, backend }) => {
    const ok = await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'tb-half', content_type: 'video/quicktime' } });
    assert.equal(ok.statusCode, 201);
    const { upload } = ok.json<CreateJobResponse>();
    assert.deepEqual(upload.headers, { 'content-type': 'video/quicktime' });
    const grant = backend.verifySignedUrl({ url: upload.url, method: 'PUT' });
    assert.ok(grant.ok && grant.contentType === 'video/quicktime' && grant.maxBytes === 20 * 1024 ** 3);
    const bad = await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'tb-half', content_type: 'text/html' } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ error: { message: string } }>().error.message, /content_type/);
  });
});

test('POST /api/jobs refuses bad bodies with 400 naming the field, other media types with 415', async () => {
  await withWebApp(async ({ app }) => {
    const cases: Array<{ payload: unknown; field: RegExp }> = [
      { payload: {}, field: /format/ },
      { payload: { format: 'hologram' }, field: /format: unknown format "hologram"/ },
      { payload: { format: 'sbs', divergence: 11 }, field: /divergence/ },
      { payload: { format: 'sbs', convergence: '0.5' }, field: /convergence/ },
      { payload: { format: 'sbs', depth: 'magic' }, field: /depth/ },
      { payload: { format: 'sbs', extra: 1 }, field: /body|extra|Unrecognized/i },
      { payload: [{ format: 'sbs' }], field: /JSON object/ },
    ];
    for (const { payload, field } of cases) {
      const response = await app.inject({ method: 'POST', url: '/api/jobs', payload: payload as object });
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      const { error } = response.json<{ error: { code: string; message: string } }>();
      assert.equal(error.code, 'bad_request');
      assert.match(error.message, field);
    }
    const notJson = await app.inject({ method: 'POST', url: '/api/jobs', headers: { 'content-type': 'text/xml' }, payload: '<job/>' });
    assert.equal(notJson.statusCode, 415);
    const broken = await app.inject({ method: 'POST', url: '/api/jobs', headers: { 'content-type': 'application/json' }, payload: '{"format":' });
    assert.equal(broken.statusCode, 400);
    const proto = await app.inject({ method: 'POST', url: '/api/jobs', headers: { 'content-type': 'application/json' }, payload: '{"format":"sbs","__proto__":{"x":1}}' });
    assert.equal(proto.statusCode, 400);
  });
});

test('onnx is refused where the server offers no model', async () => {
  await withWebApp(
    async ({ app }) => {
      const response = await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'sbs', depth: 'onnx' } });
      assert.equal(response.statusCode, 400);
      assert.match(response.json<{ error: { message: string } }>().error.message, /depth: "onnx" is not available here/);
    },
    { config: { depthModels: ['heuristic', 'passthrough'] } },
  );
});

test('GET /api/jobs/{id}: malformed id 400, unknown id 404; a completed job has a result URL', async () => {
  await withWebApp(async ({ app, backend }) => {
    for (const id of ['not-a-uuid', '0B7D1C4E-8A52-4F0E-9D6B-3F1F2A9C8E71', '..%2F..%2Fetc', 'x'.repeat(300)]) {
      const response = await app.inject({ method: 'GET', url: `/api/jobs/${id}` });
      assert.equal(response.statusCode, 400, id);
      assert.equal(response.json<{ error: { code: string } }>().error.code, 'bad_request');
    }
    const missing = await app.inject({ method: 'GET', url: `/api/jobs/${crypto.randomUUID()}` });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json<{ error: { code: string } }>().error.code, 'not_found');
    const [job] = await storeCompletedJobs({ backend, count: 1 });
    const view = (await app.inject({ method: 'GET', url: `/api/jobs/${job!.job_id}` })).json<JobView>();
    assert.equal(view.status, 'completed');
    assert.equal(view.segments_done, 2);
    assert.ok(view.result_url?.startsWith(`${PUBLIC_BASE}/storage/output/jobs/${job!.job_id}/final.mp4?`));
  });
});

test('GET /api/jobs pages completed jobs newest first with cursors; bad queries are 400', async () => {
  await withWebApp(async ({ app, backend }) => {
    const stored = await storeCompletedJobs({ backend, count: 5 });
    await backend.jobs.create({ ...stored[0]!, job_id: crypto.randomUUID(), status: 'chunking_complete', completed_at: undefined });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await app.inject({ method: 'GET', url: '/api/jobs', query: { status: 'completed', limit: '2', ...(cursor ? { cursor } : {}) } });
      assert.equal(response.statusCode, 200);
      const page = response.json<ListJobsResponse>();
      assert.ok(page.jobs.length <= 2);
      for (const job of page.jobs) {
        assert.ok(job.result_url);
        seen.push(job.job_id);
      }
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(seen, stored.map((job) => job.job_id).reverse());
    for (const query of ['status=failed', 'cursor=%%%', 'cursor=bm90IGpzb24', 'limit=0', 'limit=101', 'limit=abc', 'unknown=1']) {
      const response = await app.inject({ method: 'GET', url: `/api/jobs?${query}` });
      assert.equal(response.statusCode, 400, query);
    }
  });
});

test('GET /api/openapi.json describes every API route with schemas from the shared DTOs', async () => {
  await withWebApp(async ({ app }) => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const document = response.json<{ openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>();
    assert.equal(document.openapi, '3.1.0');
    assert.deepEqual(Object.keys(document.paths).sort(), ['/api/jobs', '/api/jobs/{job_id}', '/api/jobs/{job_id}/again', '/api/jobs/{job_id}/cancel', '/healthz', '/metrics', '/readyz']);
    assert.ok(document.paths['/api/jobs/{job_id}']?.delete);
    assert.ok(document.paths['/api/jobs']?.post && document.paths['/api/jobs']?.get);
    assert.ok(document.paths['/api/jobs/{job_id}/cancel']?.post);
    assert.ok(document.components.schemas.JobView?.properties?.segments_done);
    assert.ok(document.components.schemas.JobView?.properties?.stage_times, 'stage times are in the job view');
    assert.ok(document.components.schemas.CreateJobResponse?.properties?.upload);
    const request = document.components.schemas.CreateJobRequest?.properties ?? {};
    assert.deepEqual(Object.keys(request).sort(), Object.keys(webCreateJobRequestSchema.shape).sort(), 'every field the API validates, no other');
    assert.deepEqual((request.preset as { enum?: unknown } | undefined)?.enum, [...ENCODER_PRESETS]);
  });
});

test('/healthz answers; /readyz says whether the backend answers; /metrics counts requests with their durations, and job creations', async () => {
  let down = false;
  const registry = new Registry();
  await withWebApp(
    async ({ app }) => {
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      assert.deepEqual((await app.inject({ method: 'GET', url: '/readyz' })).json(), { status: 'ready' });
      assert.equal((await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'sbs' } })).statusCode, 201);
      assert.equal((await app.inject({ method: 'GET', url: '/api/jobs/00000000-0000-4000-8000-000000000000' })).statusCode, 404);
      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      assert.match(String(metrics.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      assert.match(metrics.body, /stereo_spot_http_requests_total\{method="GET",route="\/readyz",status="200"\} 1/);
      assert.match(metrics.body, /stereo_spot_http_requests_total\{method="GET",route="\/api\/jobs\/:job_id",status="404"\} 1/, 'the route pattern, never the id');
      assert.match(metrics.body, /stereo_spot_http_request_duration_seconds_count\{method="POST",route="\/api\/jobs",status="201"\} 1/);
      assert.match(metrics.body, /stereo_spot_job_transitions_total\{status="created"\} 1/);
      down = true;
      const unready = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(unready.statusCode, 503);
      assert.deepEqual(unready.json(), { status: 'unavailable' });
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    },
    {
      registry,
      wrapBackend: (backend) => ({
        ...backend,
        jobs: {
          get: (id: string) => (down ? Promise.reject(new Error('database is locked')) : backend.jobs.get(id)),
          create: (job: Parameters<typeof backend.jobs.create>[0]) => backend.jobs.create(job),
        } as unknown as typeof backend.jobs,
      }),
    },
  );
});

test('/metrics serves the process registry: the process metrics and the workers\' metrics beside the web server\'s', async () => {
  await withWebApp(async ({ app }) => {
    processWorkerMetrics().messages.inc({ stage: 'reassembly', outcome: 'released' });
    const { body } = await app.inject({ method: 'GET', url: '/metrics' });
    assert.match(body, /^stereo_spot_messages_total\{stage="reassembly",outcome="released"\} [1-9]/m, 'a worker metric of this process');
    for (const name of ['process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'stereo_spot_http_requests_total', 'stereo_spot_job_transitions_total']) {
      assert.match(body, new RegExp(`^# TYPE ${name} `, 'm'), name);
    }
  });
});

test('a server error answers 500 without the message, stack or paths', async () => {
  await withWebApp(
    async ({ app }) => {
      for (const url of [`/api/jobs/${crypto.randomUUID()}`, `/jobs/${crypto.randomUUID()}`]) {
        const response = await app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, 500);
        assert.doesNotMatch(response.body, /secret|\/var\/lib|at [A-Za-z.]+ \(/);
        assert.match(response.body, /internal error/);
      }
    },
    {
      wrapBackend: (backend) => ({
        ...backend,
        jobs: { get: async () => Promise.reject(new Error('secret detail in /var/lib/stereo-spot/db')) } as unknown as typeof backend.jobs,
      }),
    },
  );
});

test('unknown routes are 404: JSON under /api, a page elsewhere', async () => {
  await withWebApp(async ({ app }) => {
    const api = await app.inject({ method: 'GET', url: '/api/nothing' });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json<{ error: { code: string } }>().error.code, 'not_found');
    const page = await app.inject({ method: 'GET', url: '/nothing/<script>' });
    assert.equal(page.statusCode, 404);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.doesNotMatch(page.body, /<script>/);
  });
});

test('POST /api/jobs/{id}/cancel: a running job ends cancelled; an ended job is 409; JSON {} only; unknown 404, malformed 400', async () => {
  await withWebApp(async ({ app, backend }) => {
    const job = newJob({ status: 'chunking_in_progress' });
    await backend.jobs.create(job);
    const post = (url: string, init: { headers?: Record<string, string>; payload?: string } = {}) =>
      app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...init.headers }, payload: init.payload ?? '{}' });
    const url = `/api/jobs/${job.job_id}/cancel`;

    // Refused before anything changes: a form or text body (another site could send those), a body other than {}.
    assert.equal((await post(url, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'x=1' })).statusCode, 415);
    assert.equal((await post(url, { headers: { 'content-type': 'text/plain' }, payload: '{}' })).statusCode, 415);
    assert.equal((await post(url, { payload: '{"reason":"x"}' })).statusCode, 400);
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_in_progress');

    const cancelled = await post(url, { headers: { 'content-type': 'application/json; charset=utf-8' } });
    assert.equal(cancelled.statusCode, 200);
    assert.equal(cancelled.json<JobView>().status, 'cancelled');
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'cancelled');

    const again = await post(url);
    assert.equal(again.statusCode, 409);
    assert.deepEqual(again.json<{ error: { code: string } }>().error.code, 'conflict');
    const [completed] = await storeCompletedJobs({ backend, count: 1 });
    assert.equal((await post(`/api/jobs/${completed!.job_id}/cancel`)).statusCode, 409);
    assert.equal((await backend.jobs.get(completed!.job_id))?.status, 'completed');
    assert.equal((await post(`/api/jobs/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/cancel`)).statusCode, 404);
    assert.equal((await post('/api/jobs/not-a-job/cancel')).statusCode, 400);
  });
});

test('DELETE /api/jobs/{id}: an ended job loses its objects, completions and record (204); a running one is 409; unknown 404', async () => {
  await withWebApp(async ({ app, backend }) => {
    const [done] = await storeCompletedJobs({ backend, count: 1 });
    const jobId = done!.job_id;
    await backend.storage.putStream({ bucket: 'input', key: `input/${jobId}/source.mp4`, body: Readable.from([Buffer.from('source')]) });
    await backend.storage.putStream({ bucket: 'output', key: `jobs/${jobId}/final.mp4`, body: Readable.from([Buffer.from('final')]) });
    await backend.completions.put({ job_id: jobId, segment_index: 0, output_s3_uri: `s3://output/jobs/${jobId}/segments/0.mp4`, completed_at: 1, total_segments: 1 });
    const running = newJob({ status: 'chunking_complete', total_segments: 2 });
    await backend.jobs.create(running);

    const refused = await app.inject({ method: 'DELETE', url: `/api/jobs/${running.job_id}` });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json<{ error: { message: string } }>().error.message, /cancel it before deleting it/);
    assert.ok(await backend.jobs.get(running.job_id));

    const deleted = await app.inject({ method: 'DELETE', url: `/api/jobs/${jobId}` });
    assert.equal(deleted.statusCode, 204);
    assert.equal(await backend.jobs.get(jobId), undefined);
    assert.equal(await backend.completions.countByJob(jobId), 0);
    assert.deepEqual(await backend.storage.list({ bucket: 'input', prefix: `input/${jobId}/` }), []);
    assert.deepEqual(await backend.storage.list({ bucket: 'output', prefix: `jobs/${jobId}/` }), []);
    assert.equal((await app.inject({ method: 'GET', url: `/api/jobs/${jobId}` })).statusCode, 404);
    assert.equal((await app.inject({ method: 'DELETE', url: `/api/jobs/${jobId}` })).statusCode, 404);
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/jobs/not-a-uuid' })).statusCode, 400);
  });
});

test('POST /api/jobs keeps the file name and the container; the view names the result after it', async () => {
  await withWebApp(async ({ app }) => {
    const created = await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'sbs-half', filename: 'C:\\clips\\Été 2024.MOV', container: 'mkv' } });
    assert.equal(created.statusCode, 201);
    const { job_id: jobId } = created.json<CreateJobResponse>();
    const view = (await app.inject({ method: 'GET', url: `/api/jobs/${jobId}` })).json<JobView>();
    assert.equal(view.source_name, 'Été 2024.MOV');
    assert.equal(view.result_name, 'Été 2024_3dh.mkv');
    const bad = await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'sbs', divergence: 11, container: 'avi' } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ error: { message: string } }>().error.message, /divergence: must be at most 10/);
  });
});

test('POST /api/jobs/{id}/again: a new job on the stored video (201); a job without its video is 409', async () => {
  await withWebApp(async ({ app, backend }) => {
    const preview = newJob({ status: 'completed', completed_at: Date.now(), options: { depth: 'heuristic', preview_seconds: 5 } });
    await backend.jobs.create(preview);
    await backend.storage.putStream({ bucket: 'input', key: `input/${preview.job_id}/source.mp4`, body: Readable.from([Buffer.from('video')]) });
    const whole = await app.inject({ method: 'POST', url: `/api/jobs/${preview.job_id}/again`, payload: { whole: true, divergence: 3 } });
    assert.equal(whole.statusCode, 201, whole.body);
    const view = whole.json<JobView>();
    assert.equal(whole.headers.location, `/api/jobs/${view.job_id}`);
    assert.deepEqual((await backend.jobs.get(view.job_id))?.options, { depth: 'heuristic', divergence: 3 });
    assert.equal(await backend.storage.exists({ bucket: 'input', key: `input/${view.job_id}/source.mp4` }), true);
    const waiting = newJob();
    await backend.jobs.create(waiting);
    assert.equal((await app.inject({ method: 'POST', url: `/api/jobs/${waiting.job_id}/again`, payload: {} })).statusCode, 409);
    assert.equal((await app.inject({ method: 'POST', url: `/api/jobs/${preview.job_id}/again`, payload: { whole: 'yes' } })).statusCode, 400);
  });
});
