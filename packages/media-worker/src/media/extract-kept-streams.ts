import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runFfmpeg } from '@stereo-spot/ffmpeg';
import type { SourceFacts } from '@stereo-spot/shared-types';
import { keptAudioCodec, keptSubtitleCodec } from './stream-codec-choices.js';

/**
 * Writes every audio and subtitle stream of the source, once, into a Matroska file for the final mux, with the
 * streams' language/title tags, the global metadata and the chapters. Returns false, writing nothing, when the
 * source has neither audio nor subtitles.
 *
 * Timestamps are the source's own (-copyts), negative ones included: the AAC priming packet before 0 stays
 * before 0, so the final MP4 can hide it again with an edit list instead of playing it 21 ms late.
 */
export async function extractKeptStreams(options: {
  sourcePath: string;
  facts: SourceFacts;
  outPath: string;
  signal?: AbortSignal;
}): Promise<boolean> {
  const { facts, signal } = options;
  if (facts.audio_streams.length === 0 && facts.subtitle_streams.length === 0) return false;
  const outPath = resolve(options.outPath);

  const args = ['-y', '-copyts', '-i', resolve(options.sourcePath)];
  facts.audio_streams.forEach((stream, i) => {
    args.push('-map', `0:${stream.index}`, `-c:a:${i}`, keptAudioCodec(stream.codec));
  });
  facts.subtitle_streams.forEach((stream, i) => {
    args.push('-map', `0:${stream.index}`, `-c:s:${i}`, keptSubtitleCodec(stream.codec));
  });
  args.push('-map_metadata', '0', '-map_chapters', '0', '-avoid_negative_ts', 'disabled', '-f', 'matroska', outPath);

  try {
    await runFfmpeg({ args, signal });
  } catch (error) {
    await rm(outPath, { force: true }); // never leave a half-written file that looks usable
    throw error;
  }
  return true;
}
