import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isAbortError, probeMedia, runFfmpeg, runFfprobeJson } from '@stereo-spot/ffmpeg';
import { InvalidInputError } from '@stereo-spot/shared-types';
import type { Container, OutputFormat, SourceFacts } from '@stereo-spot/shared-types';
import {
  assertKeyframeSegments,
  assertSameMedia,
  generateClip,
  inspectMedia,
  listVideoFrameTimes,
  writeGarbledMp4Copy,
  writeTextFile,
  writeTruncatedCopy,
  writeZeroLengthFile,
} from '@stereo-spot/test-kit';
import { extractKeptStreams, joinSegments, probeSource, splitVideo } from '../../src/media/index.js';
import { finalAudioCodec, finalSubtitleCodec, keptAudioCodec, keptSubtitleCodec } from '../../src/media/stream-codec-choices.js';
import { quoteConcatPath } from '../../src/media/write-concat-list.js';
import { generateAvi } from './generate-avi.ts';
import { meanPsnr } from './measure-psnr.ts';

interface RoundTrip {
  facts: SourceFacts;
  segmentPaths: string[];
  packetCount: number;
  keptStreamsPath?: string;
  outPath: string;
  warnings: string[];
}

/** probe → split → extract → join, with the segments unchanged (what the pass-through model does). */
async function roundTrip(options: { sourcePath: string; segmentSeconds: number; workDir: string; container?: Container; layout?: OutputFormat }): Promise<RoundTrip> {
  const { sourcePath, segmentSeconds, workDir, container = 'mp4', layout } = options;
  await mkdir(workDir, { recursive: true });
  const { facts, videoStreamIndex } = await probeSource({ path: sourcePath });
  const { paths, packetCount } = await splitVideo({ sourcePath, videoStreamIndex, segmentSeconds, outDir: join(workDir, 'segments') });
  const keptPath = join(workDir, 'streams.mkv');
  const kept = await extractKeptStreams({ sourcePath, facts, outPath: keptPath });
  const outPath = join(workDir, `final.${container}`);
  const { warnings } = await joinSegments({ segmentPaths: paths, keptStreamsPath: kept ? keptPath : undefined, facts, outPath, layout, container });
  return { facts, segmentPaths: paths, packetCount, keptStreamsPath: kept ? keptPath : undefined, outPath, warnings };
}

/** Segments hold every packet, each starts on a keyframe, and the joined file is the source again. */
async function assertRoundTripFaithful(sourcePath: string, trip: RoundTrip, sourceAudioOverhangSec = 0): Promise<void> {
  assert.equal(trip.packetCount, trip.facts.frame_count, 'segments hold every video packet');
  await assertKeyframeSegments(trip.segmentPaths);
  await assertSameMedia({ sourcePath, outputPath: trip.outPath, fps: trip.facts.fps, sourceAudioOverhangSec });
}

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
    await assertRoundTripFaithful(source, trip);
  });

  it('no audio: nothing kept, video joined alone', async () => {
    const source = join(dir, 'silent.mp4');
    await generateClip({ path: source, durationSec: 4, gop: 25, audioTracks: 0 });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'silent') });
    assert.equal(trip.keptStreamsPath, undefined);
    await assert.rejects(access(join(dir, 'silent', 'streams.mkv')), 'extractKeptStreams writes nothing');
    await assertRoundTripFaithful(source, trip);
  });

  it('two audio tracks + subtitles, Matroska content named .mp4', async () => {
    const source = join(dir, 'matroska.mp4');
    await generateClip({ path: source, durationSec: 5, gop: 25, audioTracks: 2, subtitles: true, container: 'matroska' });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'matroska') });
    assert.deepEqual(trip.facts.audio_streams.map((a) => a.language), ['eng', 'fra']);
    assert.deepEqual(trip.facts.subtitle_streams, [{ index: 3, codec: 'subrip', language: 'eng' }]);
    assert.equal(trip.facts.frame_count, 125, 'Matroska states no frame count: packets are counted');
    await assertRoundTripFaithful(source, trip);
  });

  it('MP4 with mov_text subtitles (converted to SubRip for Matroska and back)', async () => {
    const source = join(dir, 'movtext.mp4');
    await generateClip({ path: source, durationSec: 4, gop: 25, audioTracks: 2, subtitles: true });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'movtext') });
    assert.equal(trip.facts.subtitle_streams[0]?.codec, 'mov_text');
    await assertRoundTripFaithful(source, trip);
  });

  it('variable frame rate: frame times preserved', async () => {
    const source = join(dir, 'vfr.mp4');
    await generateClip({ path: source, durationSec: 6, gop: 25, vfr: true });
    const times = await listVideoFrameTimes(source);
    const intervals = new Set(times.slice(1).map((t, i) => Math.round((t - (times[i] ?? 0)) * 1000)));
    assert.ok(intervals.size > 5, 'the source really is VFR');
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'vfr') });
    assert.ok(trip.segmentPaths.length >= 2);
    await assertRoundTripFaithful(source, trip);
  });

  it('odd width 853x480', async () => {
    const source = join(dir, 'odd.mp4');
    await generateClip({ path: source, durationSec: 2, width: 853, height: 480, gop: 25 });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'odd') });
    assert.deepEqual([trip.facts.width, trip.facts.height], [853, 480]);
    assert.equal(trip.segmentPaths.length, 2);
    await assertRoundTripFaithful(source, trip);
  });

  it('a clip shorter than one segment gives one segment', async () => {
    const source = join(dir, 'short.mp4');
    await generateClip({ path: source, durationSec: 1.5 });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 300, workDir: join(dir, 'short') });
    assert.equal(trip.segmentPaths.length, 1);
    await assertRoundTripFaithful(source, trip);
  });
});

/**
 * The video of the round trip is the source's, frame for frame and time for time relative to the first frame (audio
 * checked by the caller). Matroska cannot store times below 0, so ffmpeg moves a whole Matroska file later by the
 * AAC encoder's priming (21 ms), every track alike.
 */
async function assertSameVideo(sourcePath: string, trip: RoundTrip): Promise<void> {
  assert.equal(trip.packetCount, trip.facts.frame_count, 'segments hold every video packet');
  await assertKeyframeSegments(trip.segmentPaths);
  const relative = (times: number[]): number[] => times.map((t) => Number((t - (times[0] ?? 0)).toFixed(6)));
  assert.deepEqual(relative(await listVideoFrameTimes(trip.outPath)), relative(await listVideoFrameTimes(sourcePath)));
}

/**
 * Codec, language, channels, default flag of every audio track, in order, and the name players show (Matroska's
 * title, MP4's handler name; an MP4 source's tracks have none but ffmpeg's "SoundHandler").
 */
async function audioTracks(path: string): Promise<{ codec?: string; language?: string; channels?: number; isDefault: boolean; name?: string }[]> {
  const probe = await probeMedia({ path });
  return probe.streams
    .filter((stream) => stream.codecType === 'audio')
    .map((stream) => ({
      codec: stream.codecName,
      language: stream.language,
      channels: stream.channels,
      isDefault: stream.isDefault,
      name: stream.title ?? stream.tags.handler_name,
    }));
}

describe('media operations: sound that plays everywhere', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'media-audio-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('AC-3 tracks (eng, fra): an AAC stereo track from the first comes first and is the default, the AC-3 tracks follow', async () => {
    const source = join(dir, 'ac3.mp4');
    await generateClip({ path: source, durationSec: 3, gop: 25, audioTracks: 2, audioCodec: 'ac3' });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'ac3') });
    assert.deepEqual(await audioTracks(trip.outPath), [
      { codec: 'aac', language: 'eng', channels: 2, isDefault: true, name: 'Stereo (AAC)' },
      { codec: 'ac3', language: 'eng', channels: 1, isDefault: false, name: 'SoundHandler' },
      { codec: 'ac3', language: 'fra', channels: 1, isDefault: false, name: 'SoundHandler' },
    ]);
    const output = await inspectMedia(trip.outPath);
    for (const audio of output.audioStreams) {
      assert.ok(Math.abs(audio.durationSec - output.videoDurationSec) < 0.04 + 0.032, `${audio.codec} lasts ${audio.durationSec} s`);
      assert.ok(Math.abs(audio.startSec - output.videoStartSec) < 0.04, `${audio.codec} starts at ${audio.startSec} s`);
    }
    await assertSameVideo(source, trip);
  });

  it('PCM: in MP4 it becomes AAC, which plays everywhere itself; in Matroska the PCM stays, after an added AAC track', async () => {
    const source = join(dir, 'pcm.mkv');
    await generateClip({ path: source, durationSec: 2, gop: 25, container: 'matroska', audioCodec: 'pcm_s16le', subtitles: true });
    const mp4 = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'pcm-mp4') });
    assert.deepEqual(await audioTracks(mp4.outPath), [{ codec: 'aac', language: 'eng', channels: 1, isDefault: true, name: 'English' }]);
    const mkv = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'pcm-mkv'), container: 'mkv' });
    assert.match((await probeMedia({ path: mkv.outPath })).formatName, /matroska/);
    assert.deepEqual(await audioTracks(mkv.outPath), [
      { codec: 'aac', language: 'eng', channels: 2, isDefault: true, name: 'English (stereo AAC)' },
      { codec: 'pcm_s16le', language: 'eng', channels: 1, isDefault: false, name: 'English' },
    ]);
    assert.deepEqual((await inspectMedia(mkv.outPath)).subtitleStreams, [{ codec: 'subrip', language: 'eng' }], 'Matroska keeps SubRip as it is');
    await assertSameVideo(source, mkv);
  });

  it('5.1 FLAC in MP4: a stereo AAC track first (a downmix), then the six channels as AAC', async () => {
    const source = join(dir, 'surround.mkv');
    await runFfmpeg({
      args: ['-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=1', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=96000:duration=1',
        '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'flac', '-ac', '6', '-metadata:s:a:0', 'language=deu', source],
    });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'surround') });
    assert.deepEqual(await audioTracks(trip.outPath), [
      { codec: 'aac', language: 'deu', channels: 2, isDefault: true, name: 'Stereo (AAC)' },
      { codec: 'aac', language: 'deu', channels: 6, isDefault: false, name: 'SoundHandler' },
    ]);
    const rates = (await probeMedia({ path: trip.outPath })).streams.filter((s) => s.codecType === 'audio').map((s) => s.sampleRate);
    assert.deepEqual(rates, [48_000, 48_000], '96 kHz is brought to 48 kHz for AAC');
  });

  it('AAC is left alone: no track is added', async () => {
    const source = join(dir, 'aac.mp4');
    await generateClip({ path: source, durationSec: 1, audioTracks: 2 });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'aac') });
    assert.deepEqual((await audioTracks(trip.outPath)).map((a) => [a.codec, a.language, a.isDefault]), [['aac', 'eng', true], ['aac', 'fra', false]]);
  });
});

describe('media operations: Matroska results state their layout (StereoMode)', () => {
  let dir: string;
  let source: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'media-stereo-mode-'));
    source = join(dir, 'source.mp4');
    await generateClip({ path: source, durationSec: 1, width: 320, height: 180, audioTracks: 1, audioCodec: 'ac3' });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function videoTrack(path: string): Promise<{ stereo_mode?: string; side_data?: string; sar?: string }> {
    const json = (await runFfprobeJson({ args: ['-select_streams', 'v:0', '-show_entries', 'stream=sample_aspect_ratio:stream_tags=stereo_mode:stream_side_data:stream_disposition=default', path] })) as {
      streams?: { sample_aspect_ratio?: string; tags?: { stereo_mode?: string }; side_data_list?: { type?: string; inverted?: number }[]; disposition?: { default?: number } }[];
    };
    const stream = json.streams?.[0];
    assert.equal(stream?.disposition?.default, 1, 'the video is the default track');
    const side = stream?.side_data_list?.[0];
    return {
      ...(stream?.tags?.stereo_mode ? { stereo_mode: stream.tags.stereo_mode } : {}),
      ...(side?.type ? { side_data: `${side.type}${side.inverted ? ' inverted' : ''}` } : {}),
      ...(stream?.sample_aspect_ratio ? { sar: stream.sample_aspect_ratio } : {}),
    };
  }

  const cases: [OutputFormat | undefined, { stereo_mode?: string; side_data?: string; sar?: string }][] = [
    ['sbs-full', { stereo_mode: 'left_right', side_data: 'side by side', sar: '1:1' }],
    ['sbs-half', { stereo_mode: 'left_right', side_data: 'side by side', sar: '2:1' }],
    ['tb-full', { stereo_mode: 'top_bottom', side_data: 'top and bottom', sar: '1:1' }],
    ['tb-half', { stereo_mode: 'top_bottom', side_data: 'top and bottom', sar: '1:2' }],
    ['cross', { stereo_mode: 'right_left', side_data: 'side by side inverted', sar: '1:1' }],
    ['anaglyph-dubois', { sar: '1:1' }],
    [undefined, { sar: '1:1' }],
  ];
  for (const [layout, expected] of cases) {
    it(`${layout ?? 'not stereo (pass-through)'}: ${expected.stereo_mode ?? 'no StereoMode'}`, async () => {
      const trip = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, layout ?? 'none'), container: 'mkv', layout });
      assert.deepEqual(await videoTrack(trip.outPath), expected);
      assert.deepEqual((await audioTracks(trip.outPath)).map((a) => a.codec), ['aac', 'ac3'], 'AC-3 kept as it is, after the added AAC');
    });
  }

  it('an MP4 result carries no container-level stereo information: the layout is in the H.264 itself', async () => {
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'mp4'), layout: 'sbs-full' });
    assert.deepEqual(await videoTrack(trip.outPath), { sar: '1:1' });
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

  it('a picture larger than 8K on a side', async () => {
    const path = join(dir, 'huge.mp4');
    await generateClip({ path, durationSec: 1, width: 12_000, height: 16, gop: 25, audioTracks: 0 });
    assert.equal(await reason(path), 'the video is 12000×16 pixels; the largest supported is 8192 pixels on each side (8K)');
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

describe('media operations: sources seen in the wild', () => {
  let dir: string;
  let base: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'media-edge-'));
    base = join(dir, 'base.mp4');
    await generateClip({ path: base, durationSec: 6, gop: 25, preset: 'veryfast' });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('MPEG-TS whose video starts at 1.48 s (audio earlier): kept in sync', async () => {
    const source = join(dir, 'broadcast.mp4');
    await runFfmpeg({ args: ['-y', '-i', base, '-c', 'copy', '-f', 'mpegts', source] });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'ts') });
    assert.ok(trip.facts.video_start_sec > 1, `video starts at ${trip.facts.video_start_sec}`);
    assert.equal(trip.facts.frame_count, 150, 'MPEG-TS states no frame count: packets are counted');
    await assertRoundTripFaithful(source, trip);
  });

  it('MP4 cut with -ss -c copy (edit list hides the frames before the cut)', async () => {
    const source = join(dir, 'cut.mp4');
    await runFfmpeg({ args: ['-y', '-ss', '0.5', '-i', base, '-c', 'copy', source] });
    const input = await inspectMedia(source);
    assert.ok(input.videoFrames < 150, 'some stored frames are not shown');
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'cut') });
    const overhang = Math.max(0, ...input.audioStreams.map((a) => a.durationSec - input.videoDurationSec));
    await assertRoundTripFaithful(source, trip, overhang);
  });

  it('cover art is not taken for the video', async () => {
    const source = join(dir, 'cover.mp4');
    await generateClip({ path: source, durationSec: 3, gop: 25, coverArt: true });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'cover') });
    assert.equal(trip.facts.frame_count, 75);
    await assertRoundTripFaithful(source, trip);
  });

  it('FLAC audio in Matroska becomes AAC; Opus is copied, after an added AAC track', async () => {
    const flac = join(dir, 'flac.mkv');
    const opus = join(dir, 'opus.mkv');
    await generateClip({ path: flac, durationSec: 3, gop: 25, container: 'matroska', audioCodec: 'flac', audioTracks: 2 });
    await generateClip({ path: opus, durationSec: 3, gop: 25, container: 'matroska', audioCodec: 'libopus' });
    const flacTrip = await roundTrip({ sourcePath: flac, segmentSeconds: 1, workDir: join(dir, 'flac') });
    const opusTrip = await roundTrip({ sourcePath: opus, segmentSeconds: 1, workDir: join(dir, 'opus') });
    assert.deepEqual((await inspectMedia(flacTrip.outPath)).audioStreams.map((a) => a.codec), ['aac', 'aac']);
    // Opus in MP4 does not play in older Safari nor in most TV players: an AAC track comes first.
    assert.deepEqual((await inspectMedia(opusTrip.outPath)).audioStreams.map((a) => a.codec), ['aac', 'opus']);
    await assertRoundTripFaithful(flac, flacTrip);
    await assertSameVideo(opus, opusTrip);
  });

  it('paths with quotes, spaces and percent signs', async () => {
    const weird = join(dir, "it's 100% weird");
    const trip = await roundTrip({ sourcePath: base, segmentSeconds: 2, workDir: weird });
    assert.equal(trip.segmentPaths[0], join(weird, 'segments', '00000.mp4'));
    await assertRoundTripFaithful(base, trip);
  });

  it('a retried split replaces the segments of the attempt before', async () => {
    const outDir = join(dir, 'retry');
    const { videoStreamIndex } = await probeSource({ path: base });
    const first = await splitVideo({ sourcePath: base, videoStreamIndex, segmentSeconds: 1, outDir });
    const second = await splitVideo({ sourcePath: base, videoStreamIndex, segmentSeconds: 3, outDir });
    assert.ok(first.paths.length > second.paths.length);
    assert.equal(second.packetCount, 150);
  });

  it('stops at once when aborted', async () => {
    await assert.rejects(probeSource({ path: base, signal: AbortSignal.abort() }), isAbortError);
    await assert.rejects(
      splitVideo({ sourcePath: base, videoStreamIndex: 0, segmentSeconds: 1, outDir: join(dir, 'aborted'), signal: AbortSignal.abort() }),
      isAbortError,
    );
  });
});

describe('media operations: sources a stream copy cannot cut (re-encoded to H.264)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'media-transcode-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function videoStream(path: string): Promise<{ codec_name?: string; pix_fmt?: string; color_space?: string }> {
    const json = (await runFfprobeJson({ args: ['-select_streams', 'v:0', '-show_entries', 'stream=codec_name,pix_fmt,color_space', path] })) as {
      streams?: { codec_name?: string; pix_fmt?: string; color_space?: string }[];
    };
    return json.streams?.[0] ?? {};
  }

  it('MS-MPEG4 v3 AVI with null frames and PCM audio: every frame at its own time, visually lossless', async () => {
    const source = join(dir, 'divx.avi');
    // 150 frames stated, 20 of them null frames (a capture's dropped frames): 130 pictures, a 0.8 s hold at 0.4 s.
    await generateAvi({ path: source, durationSec: 6, dropFrames: [10, 30], audioCodec: 'pcm_s16le' });
    assert.equal((await probeMedia({ path: source })).streams[0]?.nbFrames, 150, 'the AVI index counts the null frames');
    const { facts, videoStreamIndex } = await probeSource({ path: source });
    assert.equal(facts.video_codec, 'msmpeg4v3');
    assert.equal(facts.frame_count, 130, 'frames counted as the demuxer gives them, null frames left out');
    const split = await splitVideo({ sourcePath: source, videoStreamIndex, segmentSeconds: 2, outDir: join(dir, 'divx-split') });
    assert.deepEqual({ method: split.method, reason: split.method === 'transcode' ? split.reason : undefined }, { method: 'transcode', reason: 'codec-not-in-mp4' });
    assert.equal(split.paths.length, 3);
    assert.deepEqual(await videoStream(split.paths[0]!), { codec_name: 'h264', pix_fmt: 'yuv420p' });

    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'divx') });
    // assertSameMedia would compare audio languages: AVI has no language tags, MP4 says "und".
    assert.equal(trip.packetCount, trip.facts.frame_count);
    await assertKeyframeSegments(trip.segmentPaths);
    const frameTimes = await listVideoFrameTimes(trip.outPath);
    assert.deepEqual(frameTimes, await listVideoFrameTimes(source), 'every frame at its own time');
    assert.deepEqual(frameTimes.slice(9, 11), [0.36, 1.2], 'the null frames stay a hold, not a jump in time');
    const output = await inspectMedia(trip.outPath);
    assert.equal(output.videoFrames, 130);
    assert.equal(output.audioStreams.length, 1);
    assert.ok(Math.abs((output.audioStreams[0]?.durationSec ?? 0) - 6) < 0.04, `audio lasts ${output.audioStreams[0]?.durationSec} s`);
    const psnr = await meanPsnr({ sourcePath: source, outputPath: trip.outPath, workDir: dir });
    assert.ok(psnr > 45, `PSNR ${psnr.toFixed(1)} dB`);
  });

  it('H.264 with B-frames in AVI (no presentation times): re-encoded in display order on the nominal rate', async () => {
    const source = join(dir, 'bframes.avi');
    await generateAvi({ path: source, durationSec: 4, videoCodec: 'libx264', videoArgs: ['-preset', 'veryfast', '-g', '25'] });
    const { facts, videoStreamIndex } = await probeSource({ path: source });
    const split = await splitVideo({ sourcePath: source, videoStreamIndex, segmentSeconds: 1, outDir: join(dir, 'bframes-split') });
    assert.equal(split.method === 'transcode' && split.reason, 'no-presentation-times');
    assert.equal(split.packetCount, facts.frame_count);
    assert.equal(split.paths.length, 4);
    await assertKeyframeSegments(split.paths);
    const outPath = join(dir, 'bframes.mp4');
    await joinSegments({ segmentPaths: split.paths, facts, outPath, layout: undefined });
    assert.deepEqual(await listVideoFrameTimes(outPath), Array.from({ length: 100 }, (_, i) => Number((i * 0.04).toFixed(6))));
    // Frames in decoding order (what a stream copy would show) would score far lower at every B-frame.
    const psnr = await meanPsnr({ sourcePath: source, outputPath: outPath, workDir: dir });
    assert.ok(psnr > 45, `PSNR ${psnr.toFixed(1)} dB`);
  });

  it('RGB (uncompressed BGR24 AVI) becomes 4:4:4, converted and tagged with the BT.709 matrix', async () => {
    const source = join(dir, 'rgb.avi');
    await generateAvi({ path: source, durationSec: 1, width: 160, height: 90, videoCodec: 'rawvideo', videoArgs: ['-pix_fmt', 'bgr24'] });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'rgb') });
    await assertRoundTripFaithful(source, trip);
    assert.deepEqual(await videoStream(trip.outPath), { codec_name: 'h264', pix_fmt: 'yuv444p', color_space: 'bt709' });
    // Read back in RGB: a worst case (saturated synthetic edges at 160×90, the chroma carrying red and blue) at
    // about 37.7 dB; the conversion alone, without x264, gives 52 dB.
    const psnr = await meanPsnr({ sourcePath: source, outputPath: trip.outPath, workDir: dir, pixFmt: 'gbrp' });
    assert.ok(psnr > 36, `PSNR ${psnr.toFixed(1)} dB`);
  });

  it('a codec ffmpeg has no decoder for is refused, named by its FourCC, with what to do', async () => {
    const known = join(dir, 'known.avi');
    const unknown = join(dir, 'unknown.avi');
    await generateAvi({ path: known, durationSec: 1 });
    // The MS-MPEG4 FourCC (MP43) swapped for one no decoder claims.
    const bytes = await readFile(known);
    await writeFile(unknown, Buffer.from(bytes.toString('latin1').replaceAll('MP43', 'QQQQ'), 'latin1'));
    const error = await probeSource({ path: unknown }).then(
      () => assert.fail('probeSource should have rejected the file'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof InvalidInputError);
    assert.equal(
      error.message,
      'ffmpeg has no decoder for the video codec (unknown, FourCC QQQQ); convert the video to H.264 (e.g. with HandBrake or ffmpeg) and upload that',
    );
  });
});

describe('media operations: codec choices and concat quoting', () => {
  it('copies what each container holds and converts the rest', () => {
    assert.equal(keptAudioCodec('aac'), 'copy');
    assert.equal(keptAudioCodec('pcm_s16be'), 'copy');
    assert.equal(keptAudioCodec('adpcm_ima_qt'), 'flac');
    assert.equal(keptSubtitleCodec('mov_text'), 'srt');
    assert.equal(keptSubtitleCodec('hdmv_pgs_subtitle'), 'copy');
    assert.equal(finalAudioCodec('opus'), 'copy');
    assert.equal(finalAudioCodec('flac'), 'aac');
    assert.equal(finalAudioCodec('vorbis'), 'aac');
    assert.equal(finalSubtitleCodec('subrip'), 'mov_text');
    assert.equal(finalSubtitleCodec('ass'), 'mov_text');
    assert.equal(finalSubtitleCodec('dvd_subtitle'), 'copy');
    assert.equal(finalSubtitleCodec('hdmv_pgs_subtitle'), 'drop');
  });

  it('quotes concat paths', () => {
    assert.equal(quoteConcatPath("/tmp/it's/a.mp4"), "'/tmp/it'\\''s/a.mp4'");
    assert.throws(() => quoteConcatPath('/tmp/a\nb.mp4'));
  });
});
