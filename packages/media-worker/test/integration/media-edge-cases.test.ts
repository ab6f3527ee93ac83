import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isAbortError, runFfmpeg } from '@stereo-spot/ffmpeg';
import { generateClip, inspectMedia } from '@stereo-spot/test-kit';
import { probeSource, splitVideo } from '../../src/media/index.js';
import { finalAudioCodec, finalSubtitleCodec, keptAudioCodec, keptSubtitleCodec } from '../../src/media/stream-codec-choices.js';
import { quoteConcatPath } from '../../src/media/write-concat-list.js';
import { assertFaithful, assertSegmentsSound, roundTrip } from './media-helpers.js';

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
    await assertSegmentsSound(trip);
    await assertFaithful(source, trip);
  });

  it('MP4 cut with -ss -c copy (edit list hides the frames before the cut)', async () => {
    const source = join(dir, 'cut.mp4');
    await runFfmpeg({ args: ['-y', '-ss', '0.5', '-i', base, '-c', 'copy', source] });
    const input = await inspectMedia(source);
    assert.ok(input.videoFrames < 150, 'some stored frames are not shown');
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 2, workDir: join(dir, 'cut') });
    await assertSegmentsSound(trip);
    const overhang = Math.max(0, ...input.audioStreams.map((a) => a.durationSec - input.videoDurationSec));
    await assertFaithful(source, trip, { sourceAudioOverhangSec: overhang });
  });

  it('cover art is not taken for the video', async () => {
    const source = join(dir, 'cover.mp4');
    await generateClip({ path: source, durationSec: 3, gop: 25, coverArt: true });
    const trip = await roundTrip({ sourcePath: source, segmentSeconds: 1, workDir: join(dir, 'cover') });
    assert.equal(trip.facts.frame_count, 75);
    await assertSegmentsSound(trip);
    await assertFaithful(source, trip);
  });

  it('FLAC audio in Matroska becomes AAC; Opus is copied', async () => {
    const flac = join(dir, 'flac.mkv');
    const opus = join(dir, 'opus.mkv');
    await generateClip({ path: flac, durationSec: 3, gop: 25, container: 'matroska', audioCodec: 'flac', audioTracks: 2 });
    await generateClip({ path: opus, durationSec: 3, gop: 25, container: 'matroska', audioCodec: 'libopus' });
    const flacTrip = await roundTrip({ sourcePath: flac, segmentSeconds: 1, workDir: join(dir, 'flac') });
    const opusTrip = await roundTrip({ sourcePath: opus, segmentSeconds: 1, workDir: join(dir, 'opus') });
    assert.deepEqual((await inspectMedia(flacTrip.outPath)).audioStreams.map((a) => a.codec), ['aac', 'aac']);
    assert.deepEqual((await inspectMedia(opusTrip.outPath)).audioStreams.map((a) => a.codec), ['opus']);
    await assertFaithful(flac, flacTrip);
    await assertFaithful(opus, opusTrip);
  });

  it('paths with quotes, spaces and percent signs', async () => {
    const weird = join(dir, "it's 100% weird");
    const trip = await roundTrip({ sourcePath: base, segmentSeconds: 2, workDir: weird });
    assert.equal(trip.segmentPaths[0], join(weird, 'segments', '00000.mp4'));
    await assertFaithful(base, trip);
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
