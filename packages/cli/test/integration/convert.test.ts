import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClip, inspectMedia, writeTextFile, writeTruncatedCopy, writeZeroLengthFile, type GenerateClipOptions } from '@stereo-spot/test-kit';
import { openLocalBackend } from '@stereo-spot/local-adapters';
import { assertConverted } from './assert-converted.ts';
import { runCli } from './run-cli.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-convert-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function convertClip(name: string, clip: Omit<GenerateClipOptions, 'path'>, segmentSeconds: number) {
  const input = join(dir, `${name}.mp4`);
  const output = join(dir, `${name}.out.mp4`);
  const dataDir = join(dir, `data-${name}`);
  await generateClip({ path: input, ...clip });
  // The pass-through model: every frame must come out exactly as it went in.
  const run = await runCli(['convert', input, '-o', output, '--depth', 'passthrough', '--segment-seconds', String(segmentSeconds), '--workers', '2', '--data-dir', dataDir]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.trim(), output);
  return { input, output, dataDir, run };
}

test('multi-segment H.264 + AAC: every frame and the audio survive, intermediate objects are cleaned up', async () => {
  const { input, output, dataDir, run } = await convertClip('multi', { durationSec: 12, fps: 25, gop: 25, audioTracks: 1 }, 3);
  const result = await assertConverted({ input, output, fps: 25 });
  assert.equal(result.videoFrames, 300);
  assert.match(run.stderr, /done: [4-5] segments/);
  const backend = await openLocalBackend({ dataDir });
  try {
    assert.deepEqual(await backend.storage.list({ bucket: 'input', prefix: '' }), []);
    assert.deepEqual(await backend.storage.list({ bucket: 'output', prefix: '' }), []);
  } finally {
    await backend.close();
  }
  assert.deepEqual((await readdir(join(dataDir, 'tmp'), { recursive: true }).catch(() => [])).filter((name) => !name.includes('/') && name.includes('-')), [], 'scratch folders removed');
});

test('the default conversion (heuristic depth, sbs-full) doubles the width and keeps every frame and the audio', { timeout: 300_000 }, async () => {
  const input = join(dir, 'stereo.mp4');
  const output = join(dir, 'stereo.out.mp4');
  await generateClip({ path: input, durationSec: 4, fps: 25, gop: 25, audioTracks: 1 });
  const run = await runCli(['convert', input, '-o', output, '--segment-seconds', '2', '--workers', '2', '--divergence', '2.5', '--convergence', '0.4', '--data-dir', join(dir, 'data-stereo')]);
  assert.equal(run.code, 0, run.stderr);
  const result = await inspectMedia(output);
  assert.deepEqual([result.width, result.height, result.videoFrames], [640, 180, 100]);
  assert.equal(result.audioStreams.length, 1);
  assert.ok(Math.abs((result.audioStreams[0]?.durationSec ?? 0) - result.videoDurationSec) < 0.04);
});

test('--preview converts seconds from the middle, named <input>-preview_<tag> next to the input; without -o the result is <input>_<tag>', { timeout: 300_000 }, async () => {
  const input = join(dir, 'Film night.mp4');
  await generateClip({ path: input, durationSec: 10, fps: 25, gop: 25, audioTracks: 1 });
  const preview = await runCli(['convert', input, '--preview', '2', '--format', 'sbs-half', '--data-dir', join(dir, 'data-preview')]);
  assert.equal(preview.code, 0, preview.stderr);
  assert.equal(preview.stdout.trim(), join(dir, 'Film night-preview_3dh.mp4'));
  const piece = await inspectMedia(join(dir, 'Film night-preview_3dh.mp4'));
  assert.deepEqual([piece.width, piece.height, piece.videoFrames], [320, 180, 50]);
  assert.equal(piece.audioStreams.length, 1);
  assert.ok(Math.abs((piece.audioStreams[0]?.durationSec ?? 0) - 2) < 0.1, `audio ${piece.audioStreams[0]?.durationSec} s`);
  const bad = await runCli(['convert', input, '--preview', '90', '--data-dir', join(dir, 'data-preview')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /preview_seconds: must be at most 60/);
});

test('no audio track', async () => {
  const { input, output } = await convertClip('silent', { durationSec: 6, fps: 25, gop: 25, audioTracks: 0 }, 2);
  const result = await assertConverted({ input, output, fps: 25 });
  assert.equal(result.audioStreams.length, 0);
});

test('Matroska content named .mp4 with two audio tracks and a subtitle track keeps all of them', async () => {
  const { input, output } = await convertClip('mkv', { durationSec: 6, fps: 25, gop: 25, audioTracks: 2, subtitles: true, container: 'matroska' }, 2);
  const result = await assertConverted({ input, output, fps: 25 });
  assert.equal(result.audioStreams.length, 2);
  assert.equal(result.subtitleStreams.length, 1);
  assert.equal(result.subtitleStreams[0]?.codec, 'mov_text');
});

test('variable frame rate: frame count and timestamps preserved', async () => {
  const { input, output } = await convertClip('vfr', { durationSec: 8, fps: 25, gop: 25, vfr: true, audioTracks: 1 }, 2);
  // assertSameMedia compares every frame's timestamp.
  await assertConverted({ input, output, fps: 25 });
});

test('odd width 853x480', async () => {
  const { input, output } = await convertClip('odd', { durationSec: 3, width: 853, height: 480, fps: 25, gop: 25, audioTracks: 1 }, 1);
  const result = await assertConverted({ input, output, fps: 25 });
  assert.equal(result.width, 853);
});

test('a clip shorter than one segment gives one segment', async () => {
  const { input, output, run } = await convertClip('short', { durationSec: 2, fps: 25, audioTracks: 1 }, 300);
  await assertConverted({ input, output, fps: 25 });
  assert.match(run.stderr, /done: 1 segments/);
});

test('B-frames (veryfast preset) survive segmenting and joining', async () => {
  const { input, output } = await convertClip('bframes', { durationSec: 6, fps: 25, gop: 25, preset: 'veryfast', audioTracks: 1 }, 2);
  await assertConverted({ input, output, fps: 25 });
});

for (const [name, make, reason] of [
  ['truncated', async (path: string) => {
    const whole = join(dir, 'whole.mp4');
    await generateClip({ path: whole, durationSec: 4, audioTracks: 1 });
    await writeTruncatedCopy({ from: whole, to: path, fraction: 0.5 });
  }, /conversion failed at chunking: the file is truncated or damaged/],
  ['text', (path: string) => writeTextFile(path), /conversion failed at chunking: the file is not a video/],
  ['empty', (path: string) => writeZeroLengthFile(path), /conversion failed at chunking: the file is empty/],
] as const) {
  test(`invalid input (${name}) fails with a readable reason and exit status 1`, async () => {
    const input = join(dir, `${name}-bad.mp4`);
    const output = join(dir, `${name}-bad.out.mp4`);
    await make(input);
    const run = await runCli(['convert', input, '-o', output, '--data-dir', join(dir, `data-${name}`)]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, reason);
    assert.equal(run.stderr.trim().split('\n').at(-1)?.startsWith('stereo-spot: conversion failed'), true, run.stderr);
    await assert.rejects(stat(output), 'no output written');
    const backend = await openLocalBackend({ dataDir: join(dir, `data-${name}`) });
    try {
      assert.deepEqual(await backend.storage.list({ bucket: 'input', prefix: '' }), [], 'the source copy is removed');
    } finally {
      await backend.close();
    }
  });
}

test('usage errors exit 2 with a one-line reason', async () => {
  const missing = await runCli(['convert', join(dir, 'nope.mp4'), '--data-dir', join(dir, 'data-usage')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^stereo-spot: input file not found: .*nope\.mp4\n$/);
  const input = join(dir, 'usage.mp4');
  await writeTextFile(input);
  const format = await runCli(['convert', input, '--format', '3d', '--data-dir', join(dir, 'data-usage')]);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /unknown format "3d"/);
  const depth = await runCli(['convert', input, '--depth', 'magic', '--data-dir', join(dir, 'data-usage')]);
  assert.equal(depth.code, 2);
  assert.match(depth.stderr, /magic/);
  const onnx = await runCli(['convert', input, '--depth', 'onnx', '--data-dir', join(dir, 'data-usage')]);
  assert.equal(onnx.code, 2);
  assert.match(onnx.stderr, /--depth onnx needs a depth model file/);
  const convergence = await runCli(['convert', input, '--convergence', '2', '--data-dir', join(dir, 'data-usage')]);
  assert.equal(convergence.code, 2);
  assert.match(convergence.stderr, /convergence/);
});

test('--help documents every command and option', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  for (const word of ['convert', 'worker']) assert.match(help.stdout, new RegExp(word));
  const convertHelp = await runCli(['convert', '--help']);
  for (const option of ['--output', '--format', '--depth', '--model', '--divergence', '--convergence', '--codec', '--crf', '--preset', '--segment-seconds', '--workers', '--data-dir', 'anaglyph-halfcolor', 'sbs=sbs-full']) {
    assert.ok(convertHelp.stdout.includes(option), option);
  }
});
