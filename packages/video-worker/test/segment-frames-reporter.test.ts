import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '@stereo-spot/shared-types';
import { SegmentFramesReporter } from '../src/segment-frames-reporter.ts';

function recordingStore({ fail = false }: { fail?: boolean } = {}) {
  const writes: number[] = [];
  let release: (() => void) | undefined;
  let holding = false;
  return {
    writes,
    hold: () => (holding = true),
    letGo: () => {
      holding = false;
      release?.();
    },
    jobs: {
      async recordSegmentFrames({ frames }: { jobId: string; segmentIndex: number; frames: number }): Promise<boolean> {
        writes.push(frames);
        if (holding) await new Promise<void>((resolve) => (release = resolve));
        if (fail) throw new Error('throttled');
        return true;
      },
    },
  };
}

test('writes at most once per interval, never two at once, and the last count on finish', async () => {
  let now = 0;
  const store = recordingStore();
  const reporter = new SegmentFramesReporter({ jobs: store.jobs, jobId: 'j', segmentIndex: 0, logger: silentLogger(), intervalMs: 2000, now: () => now });
  store.hold();
  reporter.onProgress(1); // first write, held in flight
  now = 5000;
  reporter.onProgress(40); // interval passed but a write is in flight: skipped
  store.letGo();
  await new Promise((resolve) => setImmediate(resolve));
  now = 5500;
  reporter.onProgress(60); // 5.5 s after the last write began: written
  await new Promise((resolve) => setImmediate(resolve));
  now = 6000;
  reporter.onProgress(80); // 500 ms after the last write: skipped
  await reporter.finish(100);
  assert.deepEqual(store.writes, [1, 60, 100]);
  await reporter.finish();
  assert.deepEqual(store.writes, [1, 60, 100], 'nothing new, nothing written');
});

test('a failed write is logged and never fails the segment', async () => {
  const store = recordingStore({ fail: true });
  const reporter = new SegmentFramesReporter({ jobs: store.jobs, jobId: 'j', segmentIndex: 3, logger: silentLogger() });
  reporter.onProgress(5);
  await reporter.finish(10);
  assert.deepEqual(store.writes, [5, 10]);
});
