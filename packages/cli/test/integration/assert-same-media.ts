import assert from 'node:assert/strict';
import { inspectMedia, type InspectedMedia } from '@stereo-spot/test-kit';

/**
 * The acceptance of a conversion with the pass-through model: every frame, every audio and subtitle stream,
 * and audio/video durations within one frame.
 */
export async function assertSameMedia({ input, output, fps }: { input: string; output: string; fps: number }): Promise<{ source: InspectedMedia; result: InspectedMedia }> {
  const source = await inspectMedia(input);
  const result = await inspectMedia(output);
  const frame = 1 / fps;
  assert.equal(result.videoFrames, source.videoFrames, 'video frame count');
  assert.equal(result.formatName.includes('mp4'), true, `output container is MP4 (${result.formatName})`);
  assert.deepEqual(
    result.audioStreams.map((stream) => stream.language),
    source.audioStreams.map((stream) => stream.language),
    'audio streams and their languages',
  );
  assert.deepEqual(
    result.subtitleStreams.map((stream) => stream.language),
    source.subtitleStreams.map((stream) => stream.language),
    'subtitle streams and their languages',
  );
  assert.ok(Math.abs(result.videoDurationSec - source.videoDurationSec) < frame + 1e-3, `video duration ${result.videoDurationSec} vs ${source.videoDurationSec}`);
  for (const audio of result.audioStreams) {
    assert.ok(Math.abs(audio.durationSec - result.videoDurationSec) < frame + 1e-3, `audio ${audio.durationSec} s vs video ${result.videoDurationSec} s`);
  }
  return { source, result };
}
