import assert from 'node:assert/strict';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runFfmpeg } from '@stereo-spot/ffmpeg';
import { InvalidInputError } from '@stereo-spot/shared-types';
import { generateClip, listVideoFrameTimes, writeGarbledMp4Copy, writeTextFile, writeTruncatedCopy, writeZeroLengthFile } from '@stereo-spot/test-kit';
import { extractKeptStreams, probeSource, splitVideo } from '../../src/media/index.js';
import { assertFaithful, assertSegmentsSound, roundTrip } from './media-helpers.js';

describe('media operations: chunking and reassembly round trips', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'media-ops-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('multi-segment H.264 (with B-frames) + AAC', async () => {
    const source = join(dir, 'multi.mp4');
    await generateClip({ path: source, durationSec: 12, gop: 25, preset: 'veryfast' });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 3, workDir: join(dir, 'multi') });
    assert.deepEqual(
      { ...trip.facts, audio_streams: undefined },
      { duration_sec: 12, fps: 25, width: 320, height: 180, video_codec: 'h264', frame_count: 300, video_start_sec: 0, audio_streams: undefined, subtitle_streams: [] },
    );
    assert.deepEqual(trip.facts.audio_streams, [{ index: 1, codec: 'aac', channels: 1, language: 'eng' }]);
    assert.ok(trip.segmentPaths.length >= 3, `${trip.segmentPaths.length} segments`);
    assert.deepEqual(trip.segmentPaths.map((p) => p.slice(-9)), trip.segmentPaths.map((_, i) => `${String(i).padStart(5, '0')}.mp4`));
    assert.deepEqual(trip.warnings, []);
    await assertSegmentsSound(trip);
    await assertFaithful(source, trip);
  });

  it('no audio: nothing kept, video joined alone', async () => {
    const source = join(dir, 'silent.mp4');
    await generateClip({ path: source, durationSec: 4, gop: 25, audioTracks: 0 });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'silent') });
    assert.equal(trip.keptStreamsPath, undefined);
    await assert.rejects(access(join(dir, 'silent', 'streams.mkv')), 'extractKeptStreams writes nothing');
    await assertSegmentsSound(trip);
    await assertFaithful(source, trip);
  });

  it('two audio tracks + subtitles, Matroska content named .mp4', async () => {
    const source = join(dir, 'matroska.mp4');
    await generateClip({ path: source, durationSec: 5, gop: 25, audioTracks: 2, subtitles: true, container: 'matroska' });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'matroska') });
    assert.deepEqual(trip.facts.audio_streams.map((a) => a.language), ['eng', 'fra']);
    assert.deepEqual(trip.facts.subtitle_streams, [{ index: 3, codec: 'subrip', language: 'eng' }]);
    assert.equal(trip.facts.frame_count, 125, 'Matroska states no frame count: packets are counted');
    await assertSegmentsSound(trip);
    await assertFaithful(source, trip);
  });

  it('MP4 with mov_text subtitles (converted to SubRip for Matroska and back)', async () => {
    const source = join(dir, 'movtext.mp4');
    await generateClip({ path: source, durationSec: 4, gop: 25, audioTracks: 2, subtitles: true });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'movtext') });
    assert.equal(trip.facts.subtitle_streams[0]?.codec, 'mov_text');
    await assertFaithful(source, trip);
  });

  it('variable frame rate: frame times preserved', async () => {
    const source = join(dir, 'vfr.mp4');
    await generateClip({ path: source, durationSec: 6, gop: 25, vfr: true });
    const times = await listVideoFrameTimes(source);
    const intervals = new Set(times.slice(1).map((t, i) => Math.round((t - (times[i] ?? 0)) * 1000)));
    assert.ok(intervals.size > 5, 'the source really is VFR');
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'vfr') });
    assert.ok(trip.segmentPaths.length >= 2);
    await assertSegmentsSound(trip);
    await assertFaithful(source, trip);
  });

  it('odd width 853x480', async () => {
    const source = join(dir, 'odd.mp4');
    await generateClip({ path: source, durationSec: 2, width: 853, height: 480, gop: 25 });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'odd') });
    assert.deepEqual([trip.facts.width, trip.facts.height], [853, 480]);
    assert.equal(trip.segmentPaths.length, 2);
    await assertSegmentsSound(trip);
    await assertFaithful(source, trip);
  });

  it('a clip shorter than one segment gives one segment', async () => {
    const source = join(dir, 'short.mp4');
    await generateClip({ path: source, durationSec: 1.5 });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 300, workDir: join(dir, 'short') });
    assert.equal(trip.segmentPaths.length, 1);
    await assertSegmentsSound(trip);
    await assertFaithful(source, trip);
  });
});

describe('media operations: inputs that are not a convertible video', () => {
  let dir: string;
  let complete: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'media-bad-'));
    complete = join(dir, 'complete.mp4');
    await generateClip({ path: complete, durationSec: 4, gop: 25 });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function reason(path: string): Promise<string> {
    const error = await probeSource({ path }).then(
      () => assert.fail('probeSource should have rejected the file'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof InvalidInputError, `InvalidInputError expected, got ${String(error)}`);
    assert.equal(error.retryable, false);
    return error.message;
  }

  it('a truncated MP4 (index at the end, cut off)', async () => {
    const path = join(dir, 'truncated.mp4');
    await writeTruncatedCopy({ from: complete, to: path, fraction: 0.6 });
    assert.equal(await reason(path), 'the file is truncated or damaged (moov atom not found)');
  });

  it('a truncated faststart MP4 opens, but the split comes up short of the stated frame count', async () => {
    const faststart = join(dir, 'faststart.mp4');
    const path = join(dir, 'truncated-faststart.mp4');
    await generateClip({ path: faststart, durationSec: 4, gop: 25, faststart: true });
    await writeTruncatedCopy({ from: faststart, to: path, fraction: 0.5 });
    const { facts, videoStreamIndex } = await probeSource({ path });
    assert.equal(facts.frame_count, 100);
    const { packetCount } = await splitVideo({ sourcePath: path, videoStreamIndex, segmentSeconds: 1, outDir: join(dir, 'truncated-segments') });
    assert.ok(packetCount > 0 && packetCount < facts.frame_count, `${packetCount} packets`);
  });

  it('a text file named .mp4', async () => {
    const path = join(dir, 'text.mp4');
    await writeTextFile(path);
    assert.equal(await reason(path), 'the file is not a video (ffprobe: Invalid data found when processing input)');
  });

  it('a zero-length file', async () => {
    const path = join(dir, 'empty.mp4');
    await writeZeroLengthFile(path);
    assert.equal(await reason(path), 'the file is empty');
  });

  it('an audio-only file', async () => {
    const path = join(dir, 'audio.mp4');
    await generateClip({ path: join(dir, 'with-video.mp4'), durationSec: 1 });
    await runFfmpeg({ args: ['-y', '-i', join(dir, 'with-video.mp4'), '-map', '0:a', '-c', 'copy', path] });
    assert.equal(await reason(path), 'the file has no video stream');
  });

  it('an MP4 whose frames are garbage', async () => {
    const path = join(dir, 'garbled.mp4');
    await writeGarbledMp4Copy({ from: complete, to: path });
    assert.match(await reason(path), /^the video stream cannot be decoded \(.+\)$/);
  });

  it('extractKeptStreams writes nothing for a source without audio or subtitles', async () => {
    const outPath = join(dir, 'none.mkv');
    const facts = { duration_sec: 1, fps: 25, width: 2, height: 2, video_codec: 'h264', frame_count: 25, video_start_sec: 0, audio_streams: [], subtitle_streams: [] };
    assert.equal(await extractKeptStreams({ sourcePath: complete, facts, outPath }), false);
    await assert.rejects(access(outPath));
  });
});
