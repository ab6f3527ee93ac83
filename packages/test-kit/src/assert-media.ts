import assert from 'node:assert/strict';
import { probeMedia, runFfprobeJson } from '@stereo-spot/ffmpeg';
import { inspectMedia, listVideoFrameTimes } from './inspect-media.js';

/**
 * Asserts what a pass-through conversion must keep: exactly the source's decoded frames at the same relative
 * times, every audio and subtitle stream with its language (text subtitles as mov_text), audio as long as the
 * video within one frame. `sourceAudioOverhangSec` allows a source whose own audio outlasts its video.
 */
export async function assertSameMedia(options: { sourcePath: string; outputPath: string; fps: number; sourceAudioOverhangSec?: number }): Promise<void> {
  const { sourcePath, outputPath } = options;
  const input = await inspectMedia(sourcePath);
  const output = await inspectMedia(outputPath);
  const frame = 1 / options.fps;
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
  assert.ok(output.subtitleStreams.every((s) => s.codec === 'mov_text'), 'text subtitles as mov_text');

  // Frame times relative to the first frame: a gap or a shift at a join shows up here.
  const before = await listVideoFrameTimes(sourcePath);
  const after = await listVideoFrameTimes(outputPath);
  assert.equal(after.length, before.length);
  const offset = (after[0] ?? 0) - (before[0] ?? 0);
  const worst = Math.max(...before.map((t, i) => Math.abs((after[i] ?? Number.NaN) - t - offset)));
  assert.ok(worst < 0.001, `frame times differ by up to ${worst}s`);
}

/** Every segment is a video-only file whose first packet is a keyframe. */
export async function assertKeyframeSegments(paths: string[]): Promise<void> {
  for (const path of paths) {
    const probe = await probeMedia({ path });
    assert.deepEqual(probe.streams.map((s) => s.codecType), ['video'], `${path} is video only`);
    const json = (await runFfprobeJson({ args: ['-select_streams', '0', '-show_entries', 'packet=flags', '-read_intervals', '%+#1', path] })) as {
      packets?: { flags?: string }[];
    };
    assert.match(json.packets?.[0]?.flags ?? '', /^K/, `${path} starts on a keyframe`);
  }
}
