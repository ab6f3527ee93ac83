import type { Container } from '@stereo-spot/shared-types';
import { aacBitrate, finalAudioCodec, playsEverywhere } from './stream-codec-choices.js';

/** One kept audio stream, as streams.mkv has it. */
export interface KeptAudio {
  /** Its index in streams.mkv. */
  index: number;
  codec: string;
  channels?: number;
  sampleRate?: number;
  title?: string;
}

/** One audio track of the final file, in output order. */
export interface PlannedAudioTrack {
  /** The streams.mkv stream it is made from. */
  inputIndex: number;
  codec: 'copy' | 'aac';
  /** For AAC: the bitrate, and the channel count and sample rate when they change. */
  bitrate?: string;
  channels?: number;
  sampleRate?: number;
  /** The one track players pick by themselves. */
  isDefault: boolean;
  /** The track added so that every player has sound (a title then says so). */
  added: boolean;
  title?: string;
}

/** The added track: stereo, which every browser and headset plays, at a bitrate that keeps music clean. */
const ADDED_CHANNELS = 2;
const ADDED_BITRATE = '192k';
/** AAC above 48 kHz is something some players refuse; 48 kHz loses nothing audible. */
const MAX_AAC_SAMPLE_RATE = 48_000;

/**
 * The final file's audio tracks: every original (copied, or AAC where the container cannot hold it), and, when
 * the first original is not in a codec every player plays (AC-3, DTS, PCM, Opus…), an AAC stereo track made from
 * it, placed first and marked default, with its language (ffmpeg copies the stream's tags). No track is added
 * where the first original already becomes AAC of at most two channels (PCM or FLAC in MP4): that one plays
 * everywhere itself. Only the first track is default.
 */
export function planAudioTracks({ streams, container }: { streams: readonly KeptAudio[]; container: Container }): PlannedAudioTrack[] {
  const originals = streams.map((stream, i): PlannedAudioTrack => {
    const codec = finalAudioCodec(stream.codec, container);
    return {
      inputIndex: stream.index,
      codec,
      ...(codec === 'aac' ? aacSettings({ stream, bitrate: aacBitrate(stream.channels) }) : {}),
      isDefault: i === 0,
      added: false,
      ...(stream.title ? { title: stream.title } : {}),
    };
  });
  const first = streams[0];
  const firstOut = originals[0];
  if (!first || !firstOut || playsEverywhere(first.codec)) return originals;
  if (firstOut.codec === 'aac' && (first.channels ?? ADDED_CHANNELS) <= ADDED_CHANNELS) return originals;
  const added: PlannedAudioTrack = {
    inputIndex: first.index,
    codec: 'aac',
    ...aacSettings({ stream: first, bitrate: ADDED_BITRATE }),
    channels: ADDED_CHANNELS,
    isDefault: true,
    added: true,
    title: first.title ? `${first.title} (stereo AAC)` : 'Stereo (AAC)',
  };
  return [added, ...originals.map((track) => ({ ...track, isDefault: false }))];
}

function aacSettings({ stream, bitrate }: { stream: KeptAudio; bitrate: string }): { bitrate: string; sampleRate?: number } {
  return { bitrate, ...(stream.sampleRate && stream.sampleRate > MAX_AAC_SAMPLE_RATE ? { sampleRate: MAX_AAC_SAMPLE_RATE } : {}) };
}
