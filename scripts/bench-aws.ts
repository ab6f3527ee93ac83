/**
 * `npm run bench:aws`: N concurrent short pass-through jobs through the whole AWS pipeline on the emulators
 * (DynamoDB Local + fauxqs, the real workers and the trigger Lambda fed from the stream). Prints jobs per minute,
 * p50/p99 time from a job's last segment completion to its reassembly start, and AWS requests per job.
 * Env: JOBS (default 8), CLIP_SECONDS (4), VIDEO_WORKERS (2), MEDIA_WORKERS (1).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsRequestCounter, openAwsBackend } from '@stereo-spot/aws-adapters';
import { startAwsEmulators, startAwsPipeline } from '@stereo-spot/integration';
import { buildSourceKey } from '@stereo-spot/shared-types';
import { generateClip, newJob } from '@stereo-spot/test-kit';
import { percentile } from './percentile.ts';

const jobs = Number(process.env.JOBS ?? 8);
const clipSeconds = Number(process.env.CLIP_SECONDS ?? 4);
const videoWorkers = Number(process.env.VIDEO_WORKERS ?? 2);
const mediaWorkers = Number(process.env.MEDIA_WORKERS ?? 1);

const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-bench-aws-'));
const emulators = await startAwsEmulators();
const counter = new AwsRequestCounter();
try {
  const clip = join(dir, 'clip.mp4');
  await generateClip({ path: clip, durationSec: clipSeconds, width: 320, height: 240, fps: 25, gop: 25, audioTracks: 1 });
  const body = await readFile(clip);
  const pipeline = await startAwsPipeline({
    emulators,
    videoWorkers,
    mediaWorkers,
    requestCounter: counter,
    tuning: { visibilityTimeoutSec: 60, waitSeconds: 20, retryBaseSec: 0.5 },
  });
  try {
    counter.reset(); // opening the backend (queue attributes) is not per job
    const started = Date.now();
    const ids = await Promise.all(
      Array.from({ length: jobs }, async () => {
        const job = newJob({ options: { depth: 'passthrough', segment_seconds: 1 } });
        await pipeline.backend.jobs.create(job);
        const upload = await pipeline.backend.storage.presignUpload({ bucket: 'input', key: buildSourceKey(job.job_id), expiresInSec: 600, maxBytes: 100_000_000, contentType: 'video/mp4' });
        const response = await fetch(upload.url, { method: upload.method, headers: upload.headers ?? {}, body });
        if (!response.ok) throw new Error(`upload failed: ${response.status}`);
        return job.job_id;
      }),
    );
    // The benchmark's own polling goes through an uncounted backend: only the system's requests are counted.
    const observer = await openAwsBackend({ config: pipeline.stack.config });
    const waitForJob = async (id: string) => {
      for (;;) {
        const job = await observer.jobs.get(id);
        if (job && (job.status === 'completed' || job.status === 'failed')) return job;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const finished = await Promise.all(ids.map(waitForJob));
    const wallMs = Date.now() - started;
    const requests = counter.snapshot();
    const totalRequests = counter.total;
    await observer.close();
    const failed = finished.filter((job) => job.status !== 'completed');
    if (failed.length > 0) throw new Error(`${failed.length} jobs failed: ${JSON.stringify(failed[0]?.error)}`);
    const delays: number[] = [];
    for (const id of ids) {
      const completions = await pipeline.backend.completions.listByJob(id);
      const lock = await pipeline.backend.lock.get(id);
      const lastCompletion = Math.max(...completions.map((c) => c.completed_at));
      if (lock?.reassembly_started_at !== undefined) delays.push(lock.reassembly_started_at - lastCompletion);
    }
    console.log(
      JSON.stringify(
        {
          jobs,
          clip_seconds: clipSeconds,
          segments_per_job: finished[0]?.total_segments,
          video_workers: videoWorkers,
          media_workers: mediaWorkers,
          wall_seconds: +(wallMs / 1000).toFixed(2),
          jobs_per_minute: +((jobs / wallMs) * 60_000).toFixed(1),
          last_completion_to_reassembly_start_ms: { p50: percentile(delays, 50), p99: percentile(delays, 99), max: Math.max(...delays) },
          aws_requests_per_job: +(totalRequests / jobs).toFixed(1),
          aws_requests_by_operation: requests,
          stream_lambda: pipeline.lambda.stats,
        },
        null,
        2,
      ),
    );
  } finally {
    await pipeline.stop();
  }
} finally {
  await emulators.stop();
  await rm(dir, { recursive: true, force: true });
}
