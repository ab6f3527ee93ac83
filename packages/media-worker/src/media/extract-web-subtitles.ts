import { resolve, join } from 'node:path';
import { runFfmpeg } from '@stereo-spot/ffmpeg';
import type { SourceFacts } from '@stereo-spot/shared-types';
import { isTextSubtitle } from './stream-codec-choices.js';

/**
 * Every text subtitle of the source as a WebVTT file, the format a browser's player shows (`<track>`), on the
 * result's timeline: `{n}.vtt` for the source's n-th subtitle stream. Bitmap subtitles (DVD, Blu-ray) have no
 * text to give and are skipped. The streams come from the kept-streams Matroska file, whose subtitles follow
 * its audio streams in the source's order.
 */
export async function extractWebSubtitles({ keptStreamsPath, facts, outDir, signal }: { keptStreamsPath: string; facts: SourceFacts; outDir: string; signal?: AbortSignal }): Promise<Array<{ position: number; path: string }>> {
  const tracks = facts.subtitle_streams.flatMap((stream, position) => (isTextSubtitle(stream.codec) ? [{ position, path: join(resolve(outDir), `${position}.vtt`) }] : []));
  if (tracks.length === 0) return [];
  // One pass over the file (it holds the audio too), one output per track.
  const args = ['-y', '-copyts', '-itsoffset', (-facts.video_start_sec).toFixed(6), '-i', resolve(keptStreamsPath)];
  for (const { position, path } of tracks) args.push('-map', `0:s:${position}`, '-c:s', 'webvtt', '-f', 'webvtt', path);
  await runFfmpeg({ args, ...(signal ? { signal } : {}) });
  return tracks;
}
