import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planAudioTracks, type KeptAudio } from '../src/media/plan-audio-tracks.ts';

const summary = (streams: KeptAudio[], container: 'mp4' | 'mkv' = 'mp4'): string[] =>
  planAudioTracks({ streams, container }).map((t) => `${t.inputIndex}:${t.codec}${t.channels ? `/${t.channels}ch` : ''}${t.isDefault ? ' default' : ''}${t.added ? ' added' : ''}`);

test('an AAC stereo track is added first, as the default, only where the first track would not play everywhere', () => {
  assert.deepEqual(summary([]), []);
  assert.deepEqual(summary([{ index: 0, codec: 'aac', channels: 2 }, { index: 1, codec: 'ac3', channels: 6 }]), ['0:copy default', '1:copy']);
  assert.deepEqual(summary([{ index: 0, codec: 'mp3', channels: 2 }]), ['0:copy default']);
  assert.deepEqual(summary([{ index: 0, codec: 'ac3', channels: 6 }, { index: 1, codec: 'aac', channels: 2 }]), ['0:aac/2ch default added', '0:copy', '1:copy']);
  assert.deepEqual(summary([{ index: 0, codec: 'opus', channels: 2 }]), ['0:aac/2ch default added', '0:copy']);
  // MP4 cannot hold PCM or FLAC: the original becomes AAC, which plays everywhere itself when it is stereo or mono.
  assert.deepEqual(summary([{ index: 0, codec: 'pcm_s16le', channels: 2 }]), ['0:aac default']);
  assert.deepEqual(summary([{ index: 0, codec: 'flac', channels: 6 }]), ['0:aac/2ch default added', '0:aac']);
  // Matroska keeps every original as it is.
  assert.deepEqual(summary([{ index: 0, codec: 'pcm_s16le', channels: 2 }], 'mkv'), ['0:aac/2ch default added', '0:copy']);
  assert.deepEqual(summary([{ index: 0, codec: 'truehd', channels: 8 }, { index: 1, codec: 'dts', channels: 6 }], 'mkv'), ['0:aac/2ch default added', '0:copy', '1:copy']);
});

test('the added track is named after the original, keeps 48 kHz at most, and is 192 kb/s', () => {
  const [added] = planAudioTracks({ streams: [{ index: 3, codec: 'dts', channels: 6, sampleRate: 96_000, title: 'Director' }], container: 'mp4' });
  assert.deepEqual(added, { inputIndex: 3, codec: 'aac', bitrate: '192k', sampleRate: 48_000, channels: 2, isDefault: true, added: true, title: 'Director (stereo AAC)' });
});
