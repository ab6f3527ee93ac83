import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runTriggerCheck } from '@stereo-spot/reassembly-trigger';
import { silentLogger, type Backend } from '@stereo-spot/shared-types';
import { inspectMedia, listVideoFrameTimes } from '@stereo-spot/test-kit';
import { createSegmentModels, createVideoHandler } from '@stereo-spot/video-worker';
import { createChunkingHandler, createReassemblyHandler } from '../../src/index.ts';
import { generateAvi } from './generate-avi.ts';
import { handlerContext, receiveAll, setUpJob } from './pipeline-harness.ts';

/** chunking → every segment converted → reassembly, on one embedded backend; returns the final file's path. */
async function runJob({ backend, jobId, dir }: { backend: Backend; jobId: string; dir: string }): Promise<string> {
  const workDir = join(dir, 'work');
  for (const message of await receiveAll(backend, 'chunking')) await createChunkingHandler({ backend, workDir }).handle(handlerContext(message));
  const video = createVideoHandler({ backend, models: createSegmentModels(), workDir });
  for (const message of await receiveAll(backend, 'video-worker')) await video.handle(handlerContext(message));
  const job = await backend.jobs.get(jobId);
  assert.equal(job?.status, 'chunking_complete', job?.error ? JSON.stringify(job.error) : undefined);
  await runTriggerCheck({ jobId, jobs: backend.jobs, completions: backend.completions, lock: backend.lock, reassemblyQueue: backend.queues.reassembly, logger: silentLogger() });
  for (const message of await receiveAll(backend, 'reassembly')) await createReassemblyHandler({ backend, workDir }).handle(handlerContext(message));
  assert.equal((await backend.jobs.get(jobId))?.status, 'completed');
  // Found by listing rather than by key: the final key is about to carry the job's container.
  const finals = (await backend.storage.list({ bucket: 'output', prefix: `jobs/${jobId}/` })).filter((object) => /\/final\.\w+$/.test(object.key));
  assert.equal(finals.length, 1);
  const final = join(dir, 'final.mp4');
  await backend.storage.getToFile({ bucket: 'output', key: finals[0]!.key, path: final });
  return final;
}

test('an MS-MPEG4 AVI (what OpenCV ships as vtest.avi) with null frames and AC-3 audio converts end to end to side by side', { timeout: 300_000 }, async () => {
  const { backend, job, dir, cleanUp } = await setUpJob({
    segmentSeconds: 1,
    writeSource: (path) => generateAvi({ path, durationSec: 3, width: 192, height: 108, dropFrames: [30, 40], audioCodec: 'ac3' }),
    job: { format: 'sbs-full', options: { depth: 'heuristic' } },
  });
  try {
    const final = await runJob({ backend, jobId: job.job_id, dir });
    const output = await inspectMedia(final);
    assert.deepEqual([output.width, output.height, output.videoFrames], [384, 108, 65], '75 frames stated, 10 of them null frames');
    const times = await listVideoFrameTimes(final);
    assert.deepEqual(times.slice(29, 31), [1.16, 1.6], 'the null frames are a hold, as in the source');
    assert.ok(output.audioStreams.length >= 1);
    assert.ok(Math.abs((output.audioStreams[0]?.durationSec ?? 0) - 3) < 0.05, `audio lasts ${output.audioStreams[0]?.durationSec} s`);
  } finally {
    await cleanUp();
  }
});
