import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { probeMedia, runFfprobeJson } from '@stereo-spot/ffmpeg';
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
  const final = join(dir, finals[0]!.key.split('/').at(-1)!);
  await backend.storage.getToFile({ bucket: 'output', key: finals[0]!.key, path: final });
  return final;
}

/** The first frame's frame-packing SEI as the h264 decoder reads it, the video track's StereoMode and language. */
async function stereoSignals(path: string): Promise<{ sei?: string; stereoMode?: string; language?: string }> {
  const frames = (await runFfprobeJson({ args: ['-select_streams', 'v:0', '-read_intervals', '%+#1', '-show_frames', '-show_entries', 'frame_tags=stereo_mode', path] })) as {
    frames?: { tags?: { stereo_mode?: string } }[];
  };
  const video = (await probeMedia({ path })).streams.find((stream) => stream.codecType === 'video');
  const sei = frames.frames?.[0]?.tags?.stereo_mode;
  const stereoMode = video?.tags.stereo_mode;
  return { ...(sei ? { sei } : {}), ...(stereoMode ? { stereoMode } : {}), ...(video?.language ? { language: video.language } : {}) };
}

async function audioCodecs(path: string): Promise<string[]> {
  return (await probeMedia({ path })).streams.filter((s) => s.codecType === 'audio').map((s) => `${s.codecName}${s.isDefault ? ' default' : ''}`);
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
    assert.ok(Math.abs((output.audioStreams[0]?.durationSec ?? 0) - 3) < 0.05, `audio lasts ${output.audioStreams[0]?.durationSec} s`);
    assert.deepEqual(await audioCodecs(final), ['aac default', 'ac3'], 'AC-3 kept, after an AAC track every player plays');
    assert.deepEqual(await stereoSignals(final), { sei: 'left_right', language: 'und' }, 'the packing SEI survives the join; no invented language');
  } finally {
    await cleanUp();
  }
});

test('a top-bottom job asking for Matroska: StereoMode and the packing SEI, PCM kept as it is', { timeout: 300_000 }, async () => {
  const { backend, job, dir, cleanUp } = await setUpJob({
    segmentSeconds: 1,
    writeSource: (path) => generateAvi({ path, durationSec: 2, width: 192, height: 108, audioCodec: 'pcm_s16le' }),
    job: { format: 'tb-half', options: { depth: 'heuristic', container: 'mkv' } },
  });
  try {
    const final = await runJob({ backend, jobId: job.job_id, dir });
    assert.match(final, /final\.mkv$/);
    const output = await inspectMedia(final);
    assert.deepEqual([output.width, output.height, output.videoFrames], [192, 108, 50]);
    assert.deepEqual(await audioCodecs(final), ['aac default', 'pcm_s16le']);
    // ffmpeg writes Matroska's TrackLanguage "und" and reads it back as no language (not the format's default "eng").
    assert.deepEqual(await stereoSignals(final), { sei: 'top_bottom', stereoMode: 'top_bottom' });
  } finally {
    await cleanUp();
  }
});
