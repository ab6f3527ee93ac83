import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { countVideoPackets, probeMedia, runFfmpeg } from '@stereo-spot/ffmpeg';
import { DEFAULT_CONTAINER, type Container, type OutputFormat, type SourceFacts } from '@stereo-spot/shared-types';
import { MATROSKA_STEREO } from './matroska-stereo.js';
import { planAudioTracks } from './plan-audio-tracks.js';
import { finalSubtitleCodec } from './stream-codec-choices.js';
import { writeConcatList } from './write-concat-list.js';

/**
 * Joins the (converted) video segments without re-encoding and muxes the kept audio and subtitle streams once,
 * into a faststart MP4 or a Matroska file (`container`). Returns what could not be carried over (bitmap subtitles
 * MP4 has no place for).
 *
 * Every original audio and subtitle track is kept, each with its language; when the first audio track is not one
 * every browser and headset plays, an AAC stereo track made from it comes first and is the default (see
 * `planAudioTracks`). `layout` is the segments' stereo layout, undefined when they are not stereo (pass-through):
 * MP4 needs nothing more (the segments' H.264 carries its frame-packing SEI through the copy), Matroska states it
 * as the track's StereoMode (see `MATROSKA_STEREO`).
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
  layout: OutputFormat | undefined;
  container?: Container;
  signal?: AbortSignal;
}): Promise<{ warnings: string[] }> {
  const { segmentPaths, facts, layout, container = DEFAULT_CONTAINER, signal } = options;
  if (segmentPaths.length === 0) throw new Error('joinSegments needs at least one segment');
  const outPath = resolve(options.outPath);
  const warnings: string[] = [];
  const work = await mkdtemp(join(tmpdir(), 'stereo-spot-join-'));
  try {
    const listPath = join(work, 'segments.ffconcat');
    await writeConcatList({ segmentPaths, listPath, signal });

    const args = ['-y', '-copyts', '-f', 'concat', '-safe', '0', '-i', listPath];
    // The video is the default track: stated, since a disposition set on the audio stops ffmpeg choosing one.
    const streamArgs = ['-map', '0:v:0', '-c:v', 'copy', '-disposition:v:0', 'default'];
    if (container === 'mkv' && layout) streamArgs.push(...(await matroskaStereoArgs({ layout, segmentPath: resolve(segmentPaths[0]!), signal })));
    if (options.keptStreamsPath) {
      const keptPath = resolve(options.keptStreamsPath);
      const kept = await probeMedia({ path: keptPath, signal });
      args.push('-itsoffset', (-facts.video_start_sec).toFixed(6), '-i', keptPath);
      const audio = planAudioTracks({
        streams: kept.streams.filter((stream) => stream.codecType === 'audio').map((stream) => ({ ...stream, codec: stream.codecName ?? 'unknown' })),
        container,
      });
      audio.forEach((track, out) => {
        streamArgs.push('-map', `1:${track.inputIndex}`, `-c:a:${out}`, track.codec);
        if (track.bitrate) streamArgs.push(`-b:a:${out}`, track.bitrate);
        if (track.channels) streamArgs.push(`-ac:a:${out}`, String(track.channels));
        if (track.sampleRate) streamArgs.push(`-ar:a:${out}`, String(track.sampleRate));
        // Explicit for every track: ffmpeg would otherwise copy the source's flags (two defaults, or none).
        streamArgs.push(`-disposition:a:${out}`, track.isDefault ? 'default' : '0');
        if (track.added || container === 'mp4') streamArgs.push(...trackName({ container, outputStream: `a:${out}`, title: track.title }));
      });
      let subtitleOut = 0;
      for (const stream of kept.streams.filter((s) => s.codecType === 'subtitle')) {
        const codec = stream.codecName ?? 'unknown';
        const choice = finalSubtitleCodec(codec, container);
        if (choice === 'drop') {
          warnings.push(`subtitle stream ${stream.index} (${codec}${stream.language ? `, ${stream.language}` : ''}) dropped: MP4 cannot hold ${codec} subtitles`);
          continue;
        }
        streamArgs.push('-map', `1:${stream.index}`, `-c:s:${subtitleOut}`, choice);
        if (container === 'mp4') streamArgs.push(...trackName({ container, outputStream: `s:${subtitleOut}`, title: stream.title }));
        subtitleOut++;
      }
      streamArgs.push('-map_metadata', '1', '-map_chapters', '1');
    } else {
      streamArgs.push('-map_metadata', '-1', '-map_chapters', '-1');
    }
    const format = container === 'mkv' ? ['-f', 'matroska'] : ['-movflags', '+faststart', '-f', 'mp4'];
    args.push(...streamArgs, '-max_muxing_queue_size', '4096', ...format, outPath);
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

/**
 * The track's name. Matroska has a title per track (copied from streams.mkv by itself); MP4 has none, and players
 * show the handler name instead ("English", "Commentary"…).
 */
function trackName({ container, outputStream, title }: { container: Container; outputStream: string; title: string | undefined }): string[] {
  return title ? [`-metadata:s:${outputStream}`, `${container === 'mkv' ? 'title' : 'handler_name'}=${title}`] : [];
}

/** StereoMode, and the pixel shape of a half layout (see MATROSKA_STEREO), for the joined video track. */
async function matroskaStereoArgs({ layout, segmentPath, signal }: { layout: OutputFormat; segmentPath: string; signal?: AbortSignal }): Promise<string[]> {
  const { stereoMode, pixelAspect } = MATROSKA_STEREO[layout];
  if (!stereoMode) return [];
  const args = ['-metadata:s:v:0', `stereo_mode=${stereoMode}`];
  if (pixelAspect) {
    // Stream copy takes the shape as a display aspect ratio of the whole frame.
    const video = (await probeMedia({ path: segmentPath, signal })).streams.find((stream) => stream.codecType === 'video');
    const [num, den] = pixelAspect.split(':').map(Number) as [number, number];
    if (video?.width && video.height) args.push('-aspect', `${video.width * num}:${video.height * den}`);
  }
  return args;
}
