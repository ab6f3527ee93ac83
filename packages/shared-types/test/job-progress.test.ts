import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobProgress, type Job } from '../src/index.ts';

const source = { duration_sec: 10, fps: 25, width: 64, height: 48, video_codec: 'h264', frame_count: 250, video_start_sec: 0, audio_streams: [], subtitle_streams: [] };
const base: Job = { job_id: '0b1e6a4c-2f3d-4e5f-8a9b-0c1d2e3f4a5b', status: 'chunking_complete', format: 'sbs-full', options: { depth: 'heuristic' }, created_at: 1, updated_at: 2, total_segments: 1, source };

test('a one-segment job moves with the frames its worker reports', () => {
  assert.equal(jobProgress({ job: { ...base, segment_frames: {} }, segmentsDone: 0 }), 0);
  assert.equal(jobProgress({ job: { ...base, segment_frames: { '0': 50 } }, segmentsDone: 0 }), 0.2);
  assert.equal(jobProgress({ job: { ...base, segment_frames: { '0': 250 } }, segmentsDone: 1 }), 0.99, 'joining is still left');
  assert.equal(jobProgress({ job: { ...base, status: 'completed' }, segmentsDone: 1 }), 1);
});

test('frames of every segment add up; segments done count when a model reports no frames', () => {
  const job = { ...base, total_segments: 4, segment_frames: { '0': 60, '2': 40 } };
  assert.equal(jobProgress({ job, segmentsDone: 0 }), 0.4);
  assert.equal(jobProgress({ job: { ...base, total_segments: 4 }, segmentsDone: 3 }), 0.75);
  assert.equal(jobProgress({ job: { ...job, source: undefined }, segmentsDone: 1 }), 0.25);
});

test('nothing to say before the segments are known and nothing is converted', () => {
  assert.equal(jobProgress({ job: { ...base, status: 'chunking_in_progress', total_segments: undefined, source: undefined }, segmentsDone: 0 }), undefined);
  assert.equal(jobProgress({ job: { ...base, status: 'created', total_segments: undefined }, segmentsDone: 0 }), undefined);
});
