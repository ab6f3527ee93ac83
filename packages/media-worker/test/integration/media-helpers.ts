import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { probeMedia, runFfprobeJson } from '@stereo-spot/ffmpeg';
import type { SourceFacts } from '@stereo-spot/shared-types';
import { inspectMedia, listVideoFrameTimes } from '@stereo-spot/test-kit';
import { extractKeptStreams, joinSegments, probeSource, splitVideo } from '../../src/media/index.js';

export interface RoundTrip {
  facts: SourceFacts;
  segmentPaths: string[];
  packetCount: number;
  keptStreamsPath?: string;
  outPath: string;
  warnings: string[];
}

/** probe → split → extract → join, with the segments unchanged (what the pass-through model does). */
export async function roundTrip(options: { sourcePath: string; segmentSeconds: number; workDir: string }): Promise<RoundTrip> {
  const { sourcePath, segmentSeconds, workDir } = options;
  await mkdir(workDir, { recursive: true });
  const { facts, videoStreamIndex } = await probeSource({ path: sourcePath });
  const { paths, packetCount } = await splitVideo({ sourcePath, videoStreamIndex, segmentSeconds, outDir: join(workDir, 'segments') });
  const keptPath = join(workDir, 'streams.mkv');
  const kept = await extractKeptStreams({ sourcePath, facts, outPath: keptPath });
  const outPath = join(workDir, 'final.mp4');
  const { warnings } = await joinSegments({ segmentPaths: paths, keptStreamsPath: kept ? keptPath : undefined, facts, outPath });
  return { facts, segmentPaths: paths, packetCount, keptStreamsPath: kept ? keptPath : undefined, outPath, warnings };
}

/** Segments are video-only MP4s, each starting on a keyframe, and together hold every packet. */
export async function assertSegmentsSound(trip: RoundTrip): Promise<void> {
  assert.equal(trip.packetCount, trip.facts.frame_count, 'segments hold every video packet');
  for (const path of trip.segmentPaths) {
    const probe = await probeMedia({ path });
    assert.deepEqual(probe.streams.map((s) => s.codecType), ['video'], `${path} is video only`);
    const json = (await runFfprobeJson({ args: ['-select_streams', '0', '-show_entries', 'packet=flags', '-read_intervals', '%+#1', path] })) as {
      packets?: { flags?: string }[];
    };
    assert.match(json.packets?.[0]?.flags ?? '', /^K/, `${path} starts on a keyframe`);
  }
}

/**
 * The properties the whole project is accepted on: the output has exactly the input's decoded frames, at the
 * same relative times; every audio and subtitle stream, languages kept; audio as long as the video (one frame).
 */
export async function assertFaithful(sourcePath: string, trip: RoundTrip, options: { sourceAudioOverhangSec?: number } = {}): Promise<void> {
  const input = await inspectMedia(sourcePath);
  const output = await inspectMedia(trip.outPath);
  const frame = 1 / trip.facts.fps;
  // A source whose own audio outlasts its video may keep that difference (and only that).
  const allowed = frame + (options.sourceAudioOverhangSec ?? 0);

  assert.match(output.formatName, /mp4/);
  assert.equal(output.videoFrames, input.videoFrames, 'decoded frame count');
  assert.deepEqual([output.width, output.height], [input.width, input.height]);
  assert.ok(Math.abs(output.videoDurationSec - input.videoDurationSec) < frame, `video duration ${output.videoDurationSec} vs ${input.videoDurationSec}`);

  assert.deepEqual(output.audioStreams.map((a) => a.language), input.audioStreams.map((a) => a.language), 'audio streams and languages');
  for (const audio of output.audioStreams) {
    assert.ok(Math.abs(audio.durationSec - output.videoDurationSec) < allowed, `audio ${audio.durationSec}s vs video ${output.videoDurationSec}s`);
    assert.ok(Math.abs(audio.startSec - output.videoStartSec) < frame, `audio starts at ${audio.startSec}, video at ${output.videoStartSec}`);
  }
  assert.deepEqual(output.subtitleStreams.map((s) => s.language), input.subtitleStreams.map((s) => s.language), 'subtitle streams and languages');
  assert.ok(output.subtitleStreams.every((s) => s.codec === 'mov_text'));

  // Frame times relative to the first frame: a gap or shift at a join shows up here.
  const before = await listVideoFrameTimes(sourcePath);
  const after = await listVideoFrameTimes(trip.outPath);
  assert.equal(after.length, before.length);
  const offset = (after[0] ?? 0) - (before[0] ?? 0);
  const worst = Math.max(...before.map((t, i) => Math.abs((after[i] ?? Number.NaN) - t - offset)));
  assert.ok(worst < 0.001, `frame times differ by up to ${worst}s`);
}
