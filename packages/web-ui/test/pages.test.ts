import { test } from 'node:test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import assert from 'node:assert/strict';
import { buildFinalKey, OUTPUT_FORMATS, type Job } from '@stereo-spot/shared-types';
import { newJob } from '@stereo-spot/test-kit';
import { cookiesOf, csrfTokenIn, storeCompletedJobs, withWebApp } from './helpers.ts';

const FORM = 'application/x-www-form-urlencoded';

test('the dashboard shows the form with a CSRF token, security headers and no inline script', async () => {
  await withWebApp(async ({ app }) => {
    const response = await app.inject({ method: 'GET', url: '/' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /<form class="job-form" method="post" action="\/jobs"/);
    assert.ok(csrfTokenIn(response.body));
    assert.match(cookiesOf(response), /stereo_spot_csrf=/);
    assert.match(String(response.headers['set-cookie']), /HttpOnly; SameSite=Lax|SameSite=Lax; HttpOnly/);
    assert.match(String(response.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.equal(response.headers['referrer-policy'], 'no-referrer');
    assert.doesNotMatch(response.body, /<script>|onclick=|style="/);
  });
});

test('POST /jobs: CSRF token required; a valid form redirects to the upload page and the dashboard tracks the job', async () => {
  await withWebApp(async ({ app, backend }) => {
    const home = await app.inject({ method: 'GET', url: '/' });
    const cookie = cookiesOf(home);
    const token = csrfTokenIn(home.body);
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

    const noToken = await app.inject({ method: 'POST', url: '/jobs', headers: { 'content-type': FORM, cookie }, payload: form({ format: 'sbs-full', depth: 'passthrough' }) });
    assert.equal(noToken.statusCode, 403);
    const otherBrowser = await app.inject({ method: 'POST', url: '/jobs', headers: { 'content-type': FORM }, payload: form({ _csrf: token, format: 'sbs-full', depth: 'passthrough' }) });
    assert.equal(otherBrowser.statusCode, 403);
    const forged = await app.inject({ method: 'POST', url: '/jobs', headers: { 'content-type': FORM, cookie }, payload: form({ _csrf: `${token.slice(0, -2)}AA`, format: 'sbs-full', depth: 'passthrough' }) });
    assert.equal(forged.statusCode, 403);

    const created = await app.inject({ method: 'POST', url: '/jobs', headers: { 'content-type': FORM, cookie }, payload: form({ _csrf: token, format: 'anaglyph', depth: 'passthrough', divergence: '3', convergence: '' }) });
    assert.equal(created.statusCode, 303);
    const match = /^\/jobs\/([0-9a-f-]{36})\/upload$/.exec(String(created.headers.location));
    assert.ok(match?.[1]);
    const jobId = match[1];
    const job = await backend.jobs.get(jobId);
    assert.equal(job?.format, 'anaglyph-dubois');
    assert.deepEqual(job?.options, { depth: 'passthrough', divergence: 3 });

    const dashboard = await app.inject({ method: 'GET', url: '/', headers: { cookie: `${cookie}; ${cookiesOf(created)}` } });
    assert.match(dashboard.body, new RegExp(`href="/jobs/${jobId}"`));
    assert.match(dashboard.body, /Waiting for upload/);
    const fragment = await app.inject({ method: 'GET', url: '/fragments/active-jobs', headers: { cookie: cookiesOf(created) } });
    assert.match(fragment.body, new RegExp(jobId));
  });
});

test('a bad form is answered 400 with the form shown again, its values kept and each error beside its field', async () => {
  await withWebApp(async ({ app }) => {
    const home = await app.inject({ method: 'GET', url: '/' });
    const cookie = cookiesOf(home);
    const token = csrfTokenIn(home.body);
    const payload = new URLSearchParams({ _csrf: token, format: 'sbs-full', depth: 'passthrough', divergence: 'lots', convergence: '7' }).toString();
    const numberError = await app.inject({ method: 'POST', url: '/jobs', headers: { 'content-type': FORM, cookie }, payload });
    assert.equal(numberError.statusCode, 400);
    assert.match(numberError.body, /<p class="field-error" id="divergence-error">must be a number<\/p>/);
    assert.match(numberError.body, /value="lots"/);
    const rangeError = await app.inject({ method: 'POST', url: '/jobs', headers: { 'content-type': FORM, cookie }, payload: payload.replace('lots', '2') });
    assert.equal(rangeError.statusCode, 400);
    assert.match(rangeError.body, /id="convergence-error">[^<]*1/);
    assert.match(rangeError.body, /value="7"/);
    const unknown = await app.inject({ method: 'POST', url: '/jobs', headers: { 'content-type': FORM, cookie }, payload: new URLSearchParams({ _csrf: token, format: '"><script>x</script>' }).toString() });
    assert.equal(unknown.statusCode, 400);
    assert.doesNotMatch(unknown.body, /<script>x/);
    assert.match(unknown.body, /id="format-error">unknown format &quot;&quot;&gt;&lt;script&gt;/);
    assert.ok(csrfTokenIn(unknown.body));
  });
});

test('upload page: same-origin signed PUT instructions for a created job; other jobs go to their page', async () => {
  await withWebApp(async ({ app, backend }) => {
    const job = newJob({ format: 'sbs-half' });
    await backend.jobs.create(job);
    const page = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}/upload` });
    assert.equal(page.statusCode, 200);
    const json = /<script type="application\/json" id="upload-instructions">([^<]*)<\/script>/.exec(page.body)?.[1];
    assert.ok(json);
    const upload = JSON.parse(json) as { method: string; url: string; headers: Record<string, string> };
    assert.equal(upload.method, 'PUT');
    assert.ok(upload.url.startsWith(`/storage/input/input/${job.job_id}/source.mp4?expires=`));
    assert.equal(backend.verifySignedUrl({ url: upload.url, method: 'PUT' }).ok, true);
    assert.match(page.body, /<progress id="upload-progress"/);
    assert.match(page.body, /up to <span class="bytes" data-bytes="21474836480">/);
    await backend.jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_in_progress' });
    const moved = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}/upload` });
    assert.equal(moved.statusCode, 303);
    assert.equal(moved.headers.location, `/jobs/${job.job_id}`);
  });
});

test('job page: live progress with segments, elapsed and ETA; the fragment says when it is final', async () => {
  await withWebApp(async ({ app, backend }) => {
    const job = newJob({ created_at: Date.now() - 60_000, updated_at: Date.now() - 60_000 });
    await backend.jobs.create(job);
    await backend.jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_in_progress' });
    await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'chunking_complete', patch: { total_segments: 4 } });
    await backend.completions.put({ job_id: job.job_id, segment_index: 0, output_s3_uri: 's3://output/x', completed_at: Date.now(), total_segments: 4 });
    const page = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-poll="\/jobs\/[0-9a-f-]{36}\/progress"/);
    assert.match(page.body, /Converting/);
    assert.match(page.body, /<dd class="segments">1 \/ 4<\/dd>/);
    assert.match(page.body, /<progress max="100" value="25"/);
    assert.match(page.body, /Elapsed<\/dt><dd>1 min 0\d s/);
    assert.match(page.body, /Time left<\/dt><dd class="eta">about /);
    const fragment = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}/progress` });
    assert.match(fragment.body, /^<div class="job-progress status-chunking_complete" data-final="false"/);
  });
});

test('job page and API: the time each finished stage took', async () => {
  await withWebApp(async ({ app, backend }) => {
    const job = newJob();
    await backend.jobs.create(job);
    const t = 1_700_000_000_000;
    await backend.jobs.transition({ jobId: job.job_id, from: ['created'], to: 'chunking_in_progress' });
    const chunking = { started_at: t, ended_at: t + 3000 };
    await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_in_progress'], to: 'chunking_complete', patch: { total_segments: 2, stage_times: { chunking } } });
    const converting = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}/progress` });
    assert.match(converting.body, /<dt>Stage times<\/dt><dd class="stage-times">Chunking 3 s<\/dd>/);

    const stageTimes = { chunking, video: { started_at: t + 1000, ended_at: t + 42_000 }, reassembly: { started_at: t + 42_500, ended_at: t + 44_500 } };
    await backend.jobs.transition({ jobId: job.job_id, from: ['chunking_complete'], to: 'completed', patch: { completed_at: t + 44_500, stage_times: stageTimes } });
    const page = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}` });
    assert.match(page.body, /<dd class="stage-times">Chunking 3 s · Converting 41 s · Joining 2 s<\/dd>/);
    const view = await app.inject({ method: 'GET', url: `/api/jobs/${job.job_id}` });
    assert.deepEqual(view.json<{ stage_times: unknown }>().stage_times, stageTimes);
    const created = newJob();
    await backend.jobs.create(created);
    assert.doesNotMatch((await app.inject({ method: 'GET', url: `/jobs/${created.job_id}` })).body, /Stage times/, 'nothing before a stage ends');
  });
});

test('a failed job shows where and why in words a person can act on, escaped', async () => {
  await withWebApp(async ({ app, backend }) => {
    const job = newJob();
    await backend.jobs.create(job);
    await backend.jobs.transition({ jobId: job.job_id, from: ['created'], to: 'failed', patch: { error: { stage: 'chunking', message: 'not a video: <b>invalid data</b> found when processing input' } } });
    const fragment = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}/progress` });
    assert.match(fragment.body, /data-final="true"/);
    assert.match(fragment.body, /The uploaded file could not be prepared/);
    assert.match(fragment.body, /not a video: &lt;b&gt;invalid data&lt;\/b&gt;/);
    assert.match(fragment.body, /complete, playable video/);
  });
});

test('play page: video, download link and a preview canvas for side-by-side; 409 until completed', async () => {
  await withWebApp(async ({ app, backend }) => {
    const pending = newJob();
    await backend.jobs.create(pending);
    const early = await app.inject({ method: 'GET', url: `/jobs/${pending.job_id}/play` });
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /not completed yet/);

    const [sbs] = await storeCompletedJobs({ backend, count: 1, format: 'sbs-full' });
    const page = await app.inject({ method: 'GET', url: `/jobs/${sbs!.job_id}/play` });
    assert.equal(page.statusCode, 200);
    const src = /<video id="player"[^>]* src="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(src);
    assert.ok(src.startsWith(`/storage/output/${buildFinalKey({ jobId: sbs!.job_id })}?`));
    assert.deepEqual(backend.verifySignedUrl({ url: src, method: 'GET' }), { ok: true, bucket: 'output', key: buildFinalKey({ jobId: sbs!.job_id }) });
    assert.match(page.body, /<a class="button" id="download" href="[^"]+" download="stereo-spot-[0-9a-f]{8}_LR\.mp4"/);
    const download = /id="download" href="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    assert.deepEqual(backend.verifySignedUrl({ url: download!, method: 'GET' }), { ok: true, bucket: 'output', key: buildFinalKey({ jobId: sbs!.job_id }), downloadName: `stereo-spot-${sbs!.job_id.slice(0, 8)}_LR.mp4` });
    assert.match(page.body, /<canvas id="preview" data-split="horizontal" data-left-eye="first" data-squeezed="false"/);

    const [named] = await storeCompletedJobs({ backend, count: 1, format: 'tb-half', sourceName: 'Holiday 2024.mov' });
    const namedPage = await app.inject({ method: 'GET', url: `/jobs/${named!.job_id}/play` });
    assert.match(namedPage.body, /<title>Play Holiday 2024\.mov/);
    assert.match(namedPage.body, /download="Holiday 2024_3dv\.mp4"/);

    // Pass-through is a 2D copy: never announced as 3D.
    const [copy] = await storeCompletedJobs({ backend, count: 1, depth: 'passthrough' });
    const copyPage = await app.inject({ method: 'GET', url: `/jobs/${copy!.job_id}/play` });
    assert.match(copyPage.body, /<h1>Copy \(pass-through, 2D\)<\/h1>/);
    assert.doesNotMatch(copyPage.body, /<canvas|<h1>3D video/);
    const copyJob = await app.inject({ method: 'GET', url: `/jobs/${copy!.job_id}` });
    assert.match(copyJob.body, /The copy is ready \(pass-through: 2D, no depth added\)/);
    assert.doesNotMatch(copyJob.body, /The 3D video is ready/);

    const [anaglyph] = await storeCompletedJobs({ backend, count: 1, format: 'anaglyph-color' });
    const plain = await app.inject({ method: 'GET', url: `/jobs/${anaglyph!.job_id}/play` });
    assert.doesNotMatch(plain.body, /<canvas/);
    assert.match(plain.body, /red\/cyan glasses/);
  });
});

test('GET /jobs: completed jobs newest first, 20 a page, cursor links; a bad cursor is 400', async () => {
  await withWebApp(async ({ app, backend }) => {
    const stored = await storeCompletedJobs({ backend, count: 23 });
    const first = await app.inject({ method: 'GET', url: '/jobs' });
    assert.equal(first.statusCode, 200);
    const ids = (body: string) => [...body.matchAll(/<td class="job-name"><a href="\/jobs\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
    assert.deepEqual(ids(first.body), stored.slice(3).map((job: Job) => job.job_id).reverse());
    const next = /<a rel="next" href="([^"]+)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(next);
    const second = await app.inject({ method: 'GET', url: next });
    assert.deepEqual(ids(second.body), stored.slice(0, 3).map((job) => job.job_id).reverse());
    assert.doesNotMatch(second.body, /rel="next"/);
    const bad = await app.inject({ method: 'GET', url: '/jobs?cursor=garbage' });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /text\/html/);
  });
});

test('pages: malformed job ids 400, unknown 404, as pages', async () => {
  await withWebApp(async ({ app }) => {
    for (const suffix of ['', '/progress', '/upload', '/play']) {
      const bad = await app.inject({ method: 'GET', url: `/jobs/NOT-A-UUID${suffix}` });
      assert.equal(bad.statusCode, 400, suffix);
      assert.match(bad.body, /job id must be a lowercase UUID/);
      const missing = await app.inject({ method: 'GET', url: `/jobs/${crypto.randomUUID()}${suffix}` });
      assert.equal(missing.statusCode, 404, suffix);
    }
  });
});

test('basic authentication guards everything but health checks and signed storage URLs', async () => {
  await withWebApp(
    async ({ app }) => {
      const denied = await app.inject({ method: 'GET', url: '/' });
      assert.equal(denied.statusCode, 401);
      assert.match(String(denied.headers['www-authenticate']), /^Basic realm="stereo-spot"/);
      const auth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      assert.equal((await app.inject({ method: 'GET', url: '/', headers: { authorization: auth('ann', 'wrong') } })).statusCode, 401);
      assert.equal((await app.inject({ method: 'GET', url: '/api/jobs', headers: { authorization: auth('ann', 'open sesame') } })).statusCode, 200);
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      assert.equal((await app.inject({ method: 'GET', url: '/storage/output/x?expires=1&sig=bad' })).statusCode, 403);
    },
    { config: { basicAuth: { user: 'ann', password: 'open sesame' } } },
  );
});

test('a trusted-proxy header, when configured, must be present', async () => {
  await withWebApp(
    async ({ app }) => {
      assert.equal((await app.inject({ method: 'GET', url: '/api/jobs' })).statusCode, 401);
      assert.equal((await app.inject({ method: 'GET', url: '/api/jobs', headers: { 'x-forwarded-user': 'ann' } })).statusCode, 200);
      assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    },
    { config: { trustedProxyHeader: 'x-forwarded-user' } },
  );
});

test('the job page cancels a running job: a Cancel form (asks first) needs the CSRF token; the job ends cancelled and the form is gone', async () => {
  await withWebApp(async ({ app, backend }) => {
    const job = newJob({ status: 'chunking_complete', total_segments: 4 });
    await backend.jobs.create(job);
    const page = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}` });
    const cookie = cookiesOf(page);
    const token = csrfTokenIn(page.body);
    assert.match(page.body, new RegExp(`<form class="cancel-job" method="post" action="/jobs/${job.job_id}/cancel" data-confirm="[^"]+"`));
    const polled = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}/progress`, headers: { cookie } });
    assert.match(polled.body, /class="cancel-job"/, 'the polled fragment keeps the form');

    const cancel = (headers: Record<string, string>, fields: Record<string, string>) =>
      app.inject({ method: 'POST', url: `/jobs/${job.job_id}/cancel`, headers: { 'content-type': FORM, ...headers }, payload: new URLSearchParams(fields).toString() });
    assert.equal((await cancel({ cookie }, {})).statusCode, 403, 'no token');
    assert.equal((await cancel({}, { _csrf: token })).statusCode, 403, 'another browser');
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_complete');

    const done = await cancel({ cookie }, { _csrf: token });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/jobs/${job.job_id}`);
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'cancelled');
    const after = await app.inject({ method: 'GET', url: `/jobs/${job.job_id}`, headers: { cookie } });
    assert.match(after.body, /Cancelled/);
    assert.doesNotMatch(after.body, /class="cancel-job"/);
    assert.match(after.body, /data-final="true"/);

    const again = await cancel({ cookie }, { _csrf: token });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /is cancelled; only a running or failed job can be cancelled/);
  });
});

test('no Cancel form on a job that ended, nor on the dashboard rows', async () => {
  await withWebApp(async ({ app, backend }) => {
    const [completed] = await storeCompletedJobs({ backend, count: 1 });
    const page = await app.inject({ method: 'GET', url: `/jobs/${completed!.job_id}` });
    assert.doesNotMatch(page.body, /class="cancel-job"/);
    const running = newJob({ status: 'created' });
    await backend.jobs.create(running);
    const fragment = await app.inject({ method: 'GET', url: '/fragments/active-jobs', headers: { cookie: `stereo_spot_recent=${running.job_id}` } });
    assert.match(fragment.body, new RegExp(running.job_id), 'the row is there');
    assert.doesNotMatch(fragment.body, /class="cancel-job"/);
  });
});

test("the dashboard lists this browser's jobs of every status, newest first; an ended one can be dismissed or deleted", async () => {
  await withWebApp(async ({ app, backend }) => {
    const now = Date.now();
    const failed = newJob({ status: 'failed', error: { stage: 'chunking', message: 'the file is not a video' }, source_name: 'broken.avi', created_at: now - 3000 });
    const [completed] = await storeCompletedJobs({ backend, count: 1, sourceName: 'done.mp4' });
    const running = newJob({ status: 'chunking_complete', total_segments: 2, created_at: now });
    await backend.jobs.create(failed);
    await backend.jobs.create(running);
    const home = await app.inject({ method: 'GET', url: '/' });
    const cookie = `${cookiesOf(home)}; stereo_spot_recent=${[completed!.job_id, failed.job_id, running.job_id].join('.')}`;
    const token = csrfTokenIn(home.body);
    const fragment = await app.inject({ method: 'GET', url: '/fragments/active-jobs', headers: { cookie } });
    const order = [...fragment.body.matchAll(/<li><a href="\/jobs\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
    assert.deepEqual(order, [running.job_id, failed.job_id, completed!.job_id], 'newest first, every status');
    assert.match(fragment.body, />broken\.avi<\/a>/);
    assert.match(fragment.body, /data-final="false"/, 'still polling while one runs');
    assert.equal([...fragment.body.matchAll(/action="\/jobs\/[0-9a-f-]{36}\/delete"/g)].length, 2, 'only ended jobs can be deleted');
    assert.doesNotMatch(fragment.body, new RegExp(`/jobs/${running.job_id}/(dismiss|delete)`));

    const post = (path: string, fields: Record<string, string>) =>
      app.inject({ method: 'POST', url: path, headers: { 'content-type': FORM, cookie }, payload: new URLSearchParams(fields).toString() });
    assert.equal((await post(`/jobs/${failed.job_id}/dismiss`, {})).statusCode, 403, 'no token');
    const dismissed = await post(`/jobs/${failed.job_id}/dismiss`, { _csrf: token });
    assert.equal(dismissed.statusCode, 303);
    assert.match(cookiesOf(dismissed), new RegExp(`stereo_spot_recent=${completed!.job_id}\\.${running.job_id}`));
    assert.ok(await backend.jobs.get(failed.job_id), 'dismissing keeps the job');

    const deleted = await post(`/jobs/${completed!.job_id}/delete`, { _csrf: token });
    assert.equal(deleted.statusCode, 303);
    assert.equal(await backend.jobs.get(completed!.job_id), undefined);
    const refused = await post(`/jobs/${running.job_id}/delete`, { _csrf: token });
    assert.equal(refused.statusCode, 409);
    assert.ok(await backend.jobs.get(running.job_id));
  });
});

test('the form explains every format with its picture, served by the app; pass-through is not offered', async () => {
  await withWebApp(async ({ app }) => {
    const home = await app.inject({ method: 'GET', url: '/' });
    const pictures = [...home.body.matchAll(/<img src="(\/static\/layouts\/[a-z-]+\.jpg)"/g)].map((m) => m[1]!);
    assert.equal(pictures.length, OUTPUT_FORMATS.length);
    for (const url of pictures) {
      const picture = await app.inject({ method: 'GET', url });
      assert.equal(picture.statusCode, 200, url);
      assert.equal(picture.headers['content-type'], 'image/jpeg');
      assert.ok(picture.rawPayload.subarray(0, 2).equals(Buffer.from([0xff, 0xd8])), `${url} is a JPEG`);
    }
    assert.doesNotMatch(home.body, /<option value="passthrough"/);
  });
});

test('a preview job offers another preview or the whole video with new settings; the upload is copied, not asked for again', async () => {
  await withWebApp(async ({ app, backend }) => {
    const preview = newJob({ status: 'completed', completed_at: Date.now(), total_segments: 1, source_name: 'film.mkv', options: { depth: 'heuristic', divergence: 2.5, preview_seconds: 8 } });
    await backend.jobs.create(preview);
    await backend.storage.putStream({ bucket: 'input', key: `input/${preview.job_id}/source.mp4`, body: Readable.from([Buffer.from('the uploaded video')]) });
    await backend.queues.chunking.receive({ maxMessages: 10, waitSeconds: 0, visibilityTimeoutSec: 60 }).then((messages) => Promise.all(messages.map((m) => backend.queues.chunking.delete(m.receiptHandle))));
    const page = await app.inject({ method: 'GET', url: `/jobs/${preview.job_id}/play` });
    assert.match(page.body, /<h2>A 8 s preview<\/h2>/);
    assert.match(page.body, /download="film-preview_LR\.mp4"/);
    assert.match(page.body, /id="again-divergence" name="divergence" type="number" min="0" max="10" step="0.1" value="2.5"/);
    const post = (fields: Record<string, string>) =>
      app.inject({ method: 'POST', url: `/jobs/${preview.job_id}/again`, headers: { 'content-type': FORM, cookie: cookiesOf(page) }, payload: new URLSearchParams({ _csrf: csrfTokenIn(page.body), ...fields }).toString() });

    const again = await post({ divergence: '3.5', convergence: '0.4', whole: 'false' });
    assert.equal(again.statusCode, 303);
    const againId = /^\/jobs\/([0-9a-f-]{36})$/.exec(String(again.headers.location))?.[1];
    assert.deepEqual((await backend.jobs.get(againId!))?.options, { depth: 'heuristic', divergence: 3.5, convergence: 0.4, preview_seconds: 8 });

    const whole = await post({ divergence: '3.5', whole: 'true' });
    const wholeId = /^\/jobs\/([0-9a-f-]{36})$/.exec(String(whole.headers.location))?.[1];
    const wholeJob = await backend.jobs.get(wholeId!);
    assert.deepEqual(wholeJob?.options, { depth: 'heuristic', divergence: 3.5 });
    assert.equal(wholeJob?.source_name, 'film.mkv');
    assert.match(cookiesOf(whole), new RegExp(`stereo_spot_recent=${wholeId}`));
    const dir = await mkdtemp(join(tmpdir(), 'again-'));
    try {
      await backend.storage.getToFile({ bucket: 'input', key: `input/${wholeId}/source.mp4`, path: join(dir, 'copy') });
      assert.equal(await readFile(join(dir, 'copy'), 'utf8'), 'the uploaded video');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Each copy's object-created event starts its job, as an upload would.
    const events = await backend.queues.chunking.receive({ maxMessages: 10, waitSeconds: 0, visibilityTimeoutSec: 60 });
    assert.deepEqual(events.map((m) => /input\/([0-9a-f-]{36})\/source/.exec(m.body)?.[1]).sort(), [againId, wholeId].sort());

    const bad = await post({ divergence: '12', whole: 'true' });
    assert.equal(bad.statusCode, 400);
  });
});

test('the form chooses the container and a preview; the job carries them', async () => {
  await withWebApp(async ({ app, backend }) => {
    const home = await app.inject({ method: 'GET', url: '/' });
    assert.match(home.body, /<select id="container" name="container">/);
    const created = await app.inject({
      method: 'POST',
      url: '/jobs',
      headers: { 'content-type': FORM, cookie: cookiesOf(home) },
      payload: new URLSearchParams({ _csrf: csrfTokenIn(home.body), format: 'tb-full', container: 'mkv', preview_seconds: '5' }).toString(),
    });
    assert.equal(created.statusCode, 303);
    const jobId = /^\/jobs\/([0-9a-f-]{36})\/upload$/.exec(String(created.headers.location))?.[1];
    assert.deepEqual((await backend.jobs.get(jobId!))?.options, { depth: 'heuristic', container: 'mkv', preview_seconds: 5 });
    const bad = await app.inject({
      method: 'POST',
      url: '/jobs',
      headers: { 'content-type': FORM, cookie: cookiesOf(home) },
      payload: new URLSearchParams({ _csrf: csrfTokenIn(home.body), format: 'tb-full', container: 'avi', preview_seconds: '99' }).toString(),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<p class="field-error" id="preview_seconds-error">must be at most 60<\/p>/);
    assert.match(bad.body, /<p class="field-error" id="container-error">must be one of mp4, mkv<\/p>/);
  });
});
