import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClip, writeTextFile } from '@stereo-spot/test-kit';
import type { CreateJobResponse, JobView } from '@stereo-spot/shared-types';
import { startServe, waitForJob, type ServeProcess } from './serve-process.ts';

let dir: string;
let server: ServeProcess;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-serve-'));
  server = await startServe({ dataDir: join(dir, 'data'), env: { CHUNK_SEGMENT_DURATION_SEC: '1' } });
});
after(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function createAndUpload({ file, request }: { file: string; request: Record<string, unknown> }): Promise<string> {
  const created = await fetch(`${server.base}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  assert.equal(created.status, 201);
  const { job_id: jobId, upload } = (await created.json()) as CreateJobResponse;
  assert.ok(upload.url.startsWith(`${server.base}/storage/input/`));
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: await readFile(file) });
  assert.equal(put.status, 200, await put.clone().text());
  return jobId;
}

test('serve: a job created through the API, uploaded to the signed URL, converted by the embedded workers, served with Range', async () => {
  const clip = join(dir, 'clip.mp4');
  await generateClip({ path: clip, durationSec: 4, width: 160, height: 90, fps: 25, gop: 25, audioTracks: 1, subtitles: true });
  const jobId = await createAndUpload({ file: clip, request: { format: 'sbs-half', depth: 'passthrough' } });
  const job = await waitForJob<JobView>({ base: server.base, jobId, done: (j) => j.status === 'completed' || j.status === 'failed', timeoutMs: 90_000 });
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  assert.ok((job.total_segments ?? 0) >= 3, `segments: ${job.total_segments}`);
  assert.equal(job.segments_done, job.total_segments);
  assert.ok(job.result_url);
  const part = await fetch(job.result_url, { headers: { range: 'bytes=0-99' } });
  assert.equal(part.status, 206);
  assert.equal((await part.arrayBuffer()).byteLength, 100);
  assert.match(part.headers.get('content-range') ?? '', /^bytes 0-99\/\d+$/);
  const list = (await (await fetch(`${server.base}/api/jobs`)).json()) as { jobs: JobView[] };
  assert.equal(list.jobs[0]?.job_id, jobId);
  const play = await fetch(`${server.base}/jobs/${jobId}/play`);
  assert.equal(play.status, 200);
  // The text subtitles are offered to the browser's player as a WebVTT track.
  const track = /<track kind="subtitles" src="([^"]+)" label="Subtitles 1 \(eng\)" srclang="eng">/.exec(await play.text());
  assert.ok(track, 'a subtitle track in the player');
  const vtt = await fetch(`${server.base}${track[1]!.replace(/&amp;/g, '&')}`);
  assert.equal(vtt.headers.get('content-type'), 'text/vtt; charset=utf-8');
  assert.match(await vtt.text(), /^WEBVTT\s[\s\S]*00:0\d\.\d{3} --> 00:0\d\.\d{3}/);

  // The time each stage took: on the job, in order, and on its page.
  const { chunking, video, reassembly } = job.stage_times ?? {};
  assert.ok(chunking && video && reassembly, `stage times: ${JSON.stringify(job.stage_times)}`);
  for (const span of [chunking, video, reassembly]) assert.ok(span.started_at <= span.ended_at, JSON.stringify(span));
  assert.ok(job.created_at <= chunking.started_at && chunking.started_at <= video.started_at && video.ended_at <= reassembly.ended_at, JSON.stringify(job));
  assert.ok(reassembly.ended_at <= (job.completed_at ?? 0));
  const page = await (await fetch(`${server.base}/jobs/${jobId}`)).text();
  assert.match(page, /<dd class="stage-times">Chunking \d+ s · Converting \d+ s · Joining \d+ s<\/dd>/);
  // One /metrics for the web server and the embedded workers.
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  assert.match(metrics, /^stereo_spot_messages_total\{stage="video",outcome="ok"\} [1-9]/m);
  assert.match(metrics, /^stereo_spot_job_transitions_total\{status="completed"\} [1-9]/m);
  assert.match(metrics, /^stereo_spot_http_requests_total\{method="POST",route="\/api\/jobs",status="201"\} [1-9]/m);
});

test('serve: a one-segment job shows progress while its segment converts; the result carries the original name', async () => {
  const clip = join(dir, 'Holiday Été.mov');
  await generateClip({ path: clip, durationSec: 8, width: 320, height: 180, fps: 25, gop: 50 });
  const jobId = await createAndUpload({ file: clip, request: { format: 'tb-half', segment_seconds: 60, filename: 'Holiday Été.mov' } });
  const seen: number[] = [];
  const job = await waitForJob<JobView>({
    base: server.base,
    jobId,
    done: (j) => {
      if (j.segments_done === 0 && j.progress !== undefined) seen.push(j.progress);
      return j.status === 'completed' || j.status === 'failed';
    },
    timeoutMs: 120_000,
    intervalMs: 150,
  });
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  assert.equal(job.total_segments, 1);
  assert.equal(job.progress, 1);
  assert.ok(seen.some((p) => p > 0 && p < 0.99), `progress within the only segment: ${seen.join(', ')}`);
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'never backwards');

  assert.equal(job.source_name, 'Holiday Été.mov');
  assert.equal(job.result_name, 'Holiday Été_3dv.mp4');
  const download = await fetch(job.result_url ?? '', { headers: { range: 'bytes=0-9' } });
  assert.equal(download.status, 206);
  assert.equal(download.headers.get('content-disposition'), `attachment; filename="Holiday ?t?_3dv.mp4"; filename*=UTF-8''Holiday%20%C3%89t%C3%A9_3dv.mp4`);
  const play = await (await fetch(`${server.base}/jobs/${jobId}/play`)).text();
  assert.match(play, /download="Holiday Été_3dv\.mp4"/);
  const list = await (await fetch(`${server.base}/jobs`)).text();
  assert.match(list, />Holiday Été\.mov<\/a>/);
});

test('serve: a file that is not a video fails the job with a reason a person can read', async () => {
  const notVideo = join(dir, 'notes.mp4');
  await writeTextFile(notVideo);
  const jobId = await createAndUpload({ file: notVideo, request: { format: 'sbs', depth: 'passthrough' } });
  const job = await waitForJob<JobView>({ base: server.base, jobId, done: (j) => j.status === 'failed' || j.status === 'completed', timeoutMs: 30_000 });
  assert.equal(job.status, 'failed');
  assert.equal(job.error?.stage, 'chunking');
  const page = await (await fetch(`${server.base}/jobs/${jobId}`)).text();
  assert.match(page, /The uploaded file could not be prepared/);
});

test('serve: SIGTERM stops the server and the workers and exits 0', async () => {
  const { code, stderr } = await server.stop();
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /Error|at .+\(/);
});
