import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegPath } from '@stereo-spot/ffmpeg';
import { OUTPUT_FORMATS } from '@stereo-spot/shared-types';
import { generateClip, inspectMedia, listVideoFrameTimes } from '@stereo-spot/test-kit';
import { convertVideo, decodeFrames, layoutSize, probeVideo, warmUpEstimator, type DepthEstimator } from '../../src/index.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-engine-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('every layout: output size as documented, every frame kept with its timestamp (variable frame rate)', async () => {
  const input = join(dir, 'vfr.mp4');
  await generateClip({ path: input, durationSec: 2, width: 320, height: 180, fps: 25, gop: 25, vfr: true, audioTracks: 0 });
  const inputTimes = await listVideoFrameTimes(input);
  for (const format of OUTPUT_FORMATS) {
    const output = join(dir, `vfr-${format}.mp4`);
    const { frames } = await convertVideo({ inputPath: input, outputPath: output, format, estimator: { kind: 'heuristic' }, threads: 2 });
    assert.equal(frames, inputTimes.length, format);
    const media = await inspectMedia(output);
    assert.deepEqual([media.width, media.height], Object.values(layoutSize({ format, width: 320, height: 180 })), format);
    const outputTimes = await listVideoFrameTimes(output);
    assert.equal(outputTimes.length, inputTimes.length, format);
    const offset = (outputTimes[0] ?? 0) - (inputTimes[0] ?? 0);
    const worst = Math.max(...inputTimes.map((t, i) => Math.abs((outputTimes[i] ?? Number.NaN) - t - offset)));
    assert.ok(worst < 0.001, `${format}: frame times differ by up to ${worst} s`);
  }
});

test('odd frame size (853x480) converts for a half and a full layout', async () => {
  const input = join(dir, 'odd.mp4');
  await generateClip({ path: input, durationSec: 0.4, width: 853, height: 480, fps: 25, audioTracks: 0 });
  for (const format of ['sbs-half', 'tb-full'] as const) {
    const output = join(dir, `odd-${format}.mp4`);
    await convertVideo({ inputPath: input, outputPath: output, format, estimator: { kind: 'heuristic' }, threads: 1 });
    const media = await inspectMedia(output);
    assert.deepEqual([media.width, media.height], Object.values(layoutSize({ format, width: 853, height: 480 })));
    assert.equal(media.videoFrames, 10);
  }
});

test('x265 and encoder settings are honoured; an abort leaves no output', async () => {
  const input = join(dir, 'short.mp4');
  await generateClip({ path: input, durationSec: 0.4, audioTracks: 0 });
  const output = join(dir, 'short-x265.mp4');
  await convertVideo({ inputPath: input, outputPath: output, format: 'sbs-half', estimator: { kind: 'heuristic' }, encoder: { codec: 'x265', crf: 28, preset: 'ultrafast' } });
  const media = await inspectMedia(output);
  assert.equal(media.videoFrames, 10);

  const long = join(dir, 'long.mp4');
  await generateClip({ path: long, durationSec: 8, audioTracks: 0 });
  const aborted = join(dir, 'aborted.mp4');
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stop')), 1500);
  await assert.rejects(convertVideo({ inputPath: long, outputPath: aborted, format: 'sbs-full', estimator: { kind: 'heuristic' }, signal: controller.signal }));
  await assert.rejects(stat(aborted), 'no partial output');
});

test('anaglyphs are the full side-by-side frames through ffmpeg stereo3d on the way to the encoder', async () => {
  const input = join(dir, 'anaglyph-in.mp4');
  await generateClip({ path: input, durationSec: 0.4, width: 160, height: 96, fps: 25, audioTracks: 0 });
  // A near square in the middle over a far background: the eyes differ, so the anaglyph has colour fringes.
  const depth = { width: 16, height: 12, data: Float32Array.from({ length: 16 * 12 }, (_, i) => (i % 16 >= 5 && i % 16 < 11 && i >= 48 && i < 144 ? 1 : 0)) };
  const lossless = { crf: 0, preset: 'ultrafast' };
  const sbs = join(dir, 'anaglyph-sbs.mp4');
  await convertVideo({ inputPath: input, outputPath: sbs, format: 'sbs-full', estimator: { kind: 'fixed', depth }, encoder: lossless, threads: 1 });
  const raw = (path: string, filter?: string) => {
    const result = spawnSync(ffmpegPath(), ['-v', 'error', '-i', path, ...(filter ? ['-vf', filter] : []), '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], { maxBuffer: 64 * 1024 * 1024 });
    assert.equal(result.status, 0, String(result.stderr));
    return result.stdout;
  };
  for (const [format, mode] of [['anaglyph-dubois', 'arcd'], ['anaglyph-gray', 'arcg']] as const) {
    const output = join(dir, `${format}.mp4`);
    await convertVideo({ inputPath: input, outputPath: output, format, estimator: { kind: 'fixed', depth }, encoder: lossless, threads: 1 });
    const ours = raw(output);
    const expected = raw(sbs, `scale=in_range=limited,format=rgb24,stereo3d=sbsl:${mode},scale=out_range=limited`);
    assert.equal(ours.length, expected.length, format);
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - expected[i]!));
    // The same pixels through the same filters (the encoder is lossless at crf 0).
    assert.ok(worst <= 1, `${format}: differs by up to ${worst}`);
  }
});

test('an estimator that wants a warm-up gets the first frames, frame 0 first, before its first estimate', async () => {
  const input = join(dir, 'warm-up.mp4');
  await generateClip({ path: input, durationSec: 1, width: 64, height: 48, fps: 25, audioTracks: 0 });
  const video = await probeVideo({ path: input });
  const first: Uint8Array[] = [];
  for await (const { frame } of decodeFrames({ path: input, format: 'yuv420p', video })) {
    first.push(frame.planes[0].data.slice());
    if (first.length === 3) break;
  }
  const seen: Uint8Array[][] = [];
  const estimator: DepthEstimator = { warmUpFrames: 3, warmUp: async ({ lumas }) => void seen.push(lumas.map((luma) => luma.data.slice())), estimate: async () => ({ data: new Float32Array(1), width: 1, height: 1 }), close: async () => {} };
  await warmUpEstimator({ estimator, video });
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0], first);
  // Estimators without warmUp are left alone.
  await warmUpEstimator({ estimator: { estimate: estimator.estimate, close: estimator.close }, video });
});
