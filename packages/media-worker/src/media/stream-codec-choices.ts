import type { Container } from '@stereo-spot/shared-types';

/**
 * What each kept stream becomes on its way from the source to Matroska (streams.mkv) and from there to the
 * final MP4. Copy whenever the container can hold the codec; otherwise convert, losslessly where it matters.
 */

/** Audio codecs Matroska holds as they are (ffmpeg's muxer knows their codec ids). */
const MATROSKA_AUDIO = new Set([
  'aac', 'mp3', 'mp2', 'mp1', 'ac3', 'eac3', 'dts', 'truehd', 'mlp', 'flac', 'alac', 'opus', 'vorbis', 'tta', 'wavpack',
  'pcm_s16le', 'pcm_s16be', 'pcm_s24le', 'pcm_s24be', 'pcm_s32le', 'pcm_s32be', 'pcm_f32le', 'pcm_f64le', 'pcm_u8',
]);

/** Subtitle codecs Matroska holds as they are. */
const MATROSKA_SUBTITLES = new Set(['subrip', 'ass', 'ssa', 'webvtt', 'dvd_subtitle', 'hdmv_pgs_subtitle', 'dvb_subtitle', 'arib_caption']);

/** Audio codecs MP4 holds (ffmpeg's muxer, without experimental flags) and some players play. */
const MP4_AUDIO = new Set(['aac', 'mp3', 'ac3', 'eac3', 'alac', 'opus']);

/**
 * Audio codecs that play everywhere the result goes: Chrome, Firefox and Safari all play AAC and MP3 in MP4, and
 * so do headset browsers (Quest, Vision Pro) and TV players. Not on the list: AC-3/E-AC-3 (Safari and Edge only),
 * Opus in MP4 (not in older Safari nor in most TV players), ALAC (Safari only), and DTS, TrueHD/MLP, PCM, FLAC and
 * Vorbis, which MP4 does not hold at all here. A source whose first track is one of those gets an added AAC track.
 */
const PLAYS_EVERYWHERE = new Set(['aac', 'mp3']);

/** Text subtitles, which MP4 carries as mov_text (tx3g). */
const TEXT_SUBTITLES = new Set(['subrip', 'srt', 'ass', 'ssa', 'webvtt', 'mov_text', 'text']);

/** Into streams.mkv: copy, or FLAC (lossless) for the rare codec Matroska has no id for (e.g. pcm_s16be in MOV). */
export function keptAudioCodec(codec: string): 'copy' | 'flac' {
  return MATROSKA_AUDIO.has(codec) ? 'copy' : 'flac';
}

/** Into streams.mkv: copy, or SubRip for text formats Matroska cannot hold (mov_text from MP4 sources, …). */
export function keptSubtitleCodec(codec: string): 'copy' | 'srt' {
  return MATROSKA_SUBTITLES.has(codec) ? 'copy' : 'srt';
}

/** Whether browsers, headsets and TVs all play this audio codec (see PLAYS_EVERYWHERE). */
export function playsEverywhere(codec: string): boolean {
  return PLAYS_EVERYWHERE.has(codec);
}

/**
 * Into the final file: copy, or AAC where MP4 cannot hold the codec. Matroska holds everything in streams.mkv
 * (which is Matroska itself) as it is.
 */
export function finalAudioCodec(codec: string, container: Container = 'mp4'): 'copy' | 'aac' {
  return container === 'mkv' || MP4_AUDIO.has(codec) ? 'copy' : 'aac';
}

/** Subtitles made of text (not pictures), which MP4 and a browser's player can show. */
export function isTextSubtitle(codec: string): boolean {
  return TEXT_SUBTITLES.has(codec);
}

/**
 * Into the final file. MP4: mov_text for text, copy for DVD bitmaps, nothing for bitmaps MP4 has no place for.
 * Matroska: copy, text (SubRip, ASS) and bitmaps (PGS, DVB, DVD) alike.
 */
export function finalSubtitleCodec(codec: string, container: Container = 'mp4'): 'mov_text' | 'copy' | 'drop' {
  if (container === 'mkv') return 'copy';
  if (TEXT_SUBTITLES.has(codec)) return 'mov_text';
  if (codec === 'dvd_subtitle') return 'copy';
  return 'drop';
}

/** A bitrate for AAC that keeps speech and music clean: 64 kb/s per channel, capped. */
export function aacBitrate(channels: number | undefined): string {
  return `${Math.min(Math.max(channels ?? 2, 1) * 64, 512)}k`;
}
