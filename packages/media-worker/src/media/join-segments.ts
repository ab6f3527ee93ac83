import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { countVideoPackets, probeMedia, runFfmpeg } from '@stereo-spot/ffmpeg';
import type { SourceFacts } from '@stereo-spot/shared-types';
import { aacBitrate, finalAudioCodec, finalSubtitleCodec } from './stream-codec-choices.js';
import { writeConcatList } from './write-concat-list.js';

/**
 * Joins the (converted) video segments without re-encoding and muxes the kept audio and subtitle streams once,
 * into a faststart MP4. Returns what could not be carried over (bitmap subtitles MP4 has no place for).
 *
 * Timeline: the segments start at 0; the kept streams carry the source's own timestamps, so they are moved by
 * -video_start_sec to sit where they were relative to the first video frame (-copyts keeps both as given,
 * so a priming packet before 0 stays before 0 and is hidden by an edit list rather than played).
 */
export async function joinSegments(options: {
  segmentPaths: string[];
  keptStreamsPath?: string;
  facts: SourceFacts;
  outPath: string;
  signal?: AbortSignal;
}): Promise<{ warnings: string[] }> {
  const { segmentPaths, facts, signal } = options;
  if (segmentPaths.length === 0) throw new Error('joinSegments needs at least one segment');
  const outPath = resolve(options.outPath);
  const warnings: string[] = [];
  const work = await mkdtemp(join(tmpdir(), 'stereo-spot-join-'));
  try {
    const listPath = join(work, 'segments.ffconcat');
    await writeConcatList({ segmentPaths, listPath, signal });

    const args = ['-y', '-copyts', '-f', 'concat', '-safe', '0', '-i', listPath];
    const streamArgs = ['-map', '0:v:0', '-c:v', 'copy'];
    if (options.keptStreamsPath) {
      const keptPath = resolve(options.keptStreamsPath);
      const kept = await probeMedia({ path: keptPath, signal });
      args.push('-itsoffset', (-facts.video_start_sec).toFixed(6), '-i', keptPath);
      let audioOut = 0;
      let subtitleOut = 0;
      for (const stream of kept.streams) {
        const codec = stream.codecName ?? 'unknown';
        if (stream.codecType === 'audio') {
          const choice = finalAudioCodec(codec);
          streamArgs.push('-map', `1:${stream.index}`, `-c:a:${audioOut}`, choice);
          if (choice === 'aac') streamArgs.push(`-b:a:${audioOut}`, aacBitrate(stream.channels));
          streamArgs.push(...trackName(`a:${audioOut}`, stream.title));
          audioOut++;
        } else if (stream.codecType === 'subtitle') {
          const choice = finalSubtitleCodec(codec);
          if (choice === 'drop') {
            warnings.push(`subtitle stream ${stream.index} (${codec}${stream.language ? `, ${stream.language}` : ''}) dropped: MP4 cannot hold ${codec} subtitles`);
            continue;
          }
          streamArgs.push('-map', `1:${stream.index}`, `-c:s:${subtitleOut}`, choice, ...trackName(`s:${subtitleOut}`, stream.title));
          subtitleOut++;
        }
      }
      streamArgs.push('-map_metadata', '1', '-map_chapters', '1');
    } else {
      streamArgs.push('-map_metadata', '-1', '-map_chapters', '-1');
    }
    args.push(...streamArgs, '-max_muxing_queue_size', '4096', '-movflags', '+faststart', '-f', 'mp4', outPath);
    await runFfmpeg({ args, signal });

    // Stream copy should carry every packet; check it, since a silent loss here would be a wrong result.
    let expected = 0;
    for (const path of segmentPaths) expected += await countVideoPackets({ path: resolve(path), signal });
    const actual = await countVideoPackets({ path: outPath, signal });
    if (actual !== expected) throw new Error(`joined video has ${actual} packets, the segments have ${expected}`);
  } catch (error) {
    await rm(outPath, { force: true });
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { warnings };
}

/** MP4 keeps no per-track title; players show the handler name instead ("English", "Commentary"…). */
function trackName(outputStream: string, title: string | undefined): string[] {
  return title ? [`-metadata:s:${outputStream}`, `handler_name=${title}`] : [];
}
