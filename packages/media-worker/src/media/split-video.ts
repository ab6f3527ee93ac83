import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { countVideoPackets, FfmpegError, runFfmpeg } from '@stereo-spot/ffmpeg';
import { InvalidInputError } from '@stereo-spot/shared-types';
import { shortDetail } from './input-failure.js';

const SEGMENT_FILE = /^\d{5,}\.mp4$/;

/**
 * Cuts the source's video stream (only: audio is muxed once at reassembly, see DESIGN.md) into MP4 segments of
 * about `segmentSeconds`, `00000.mp4`, `00001.mp4`… in `outDir`. Stream copy can only cut at keyframes, so every
 * segment starts with one. `packetCount` is the number of video packets over all segments: fewer than the
 * source's stated frame count means the source is truncated.
 */
export async function splitVideo(options: {
  sourcePath: string;
  videoStreamIndex: number;
  segmentSeconds: number;
  outDir: string;
  signal?: AbortSignal;
}): Promise<{ paths: string[]; packetCount: number }> {
  const { videoStreamIndex, segmentSeconds, signal } = options;
  if (!(segmentSeconds > 0)) throw new RangeError(`segmentSeconds must be positive, got ${segmentSeconds}`);
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  await removeSegmentFiles(outDir); // a retried attempt must not pick up segments of the one before

  try {
    await runFfmpeg({
      args: [
        '-y',
        '-i', resolve(options.sourcePath),
        '-map', `0:${videoStreamIndex}`,
        '-an', '-sn', '-dn',
        '-map_chapters', '-1', // MP4 would store chapters as an extra text track in every segment
        '-c', 'copy',
        // The default shifts the first segment by the B-frame delay (its start_time becomes e.g. 0.08 s), and
        // the concat demuxer then leaves that much of a gap after it. Keep the timestamps as they are.
        '-avoid_negative_ts', 'disabled',
        '-f', 'segment',
        '-segment_time', String(segmentSeconds),
        '-reset_timestamps', '1',
        '-segment_format', 'mp4',
        join(outDir.replaceAll('%', '%%'), '%05d.mp4'),
      ],
      signal,
    });
  } catch (error) {
    if (error instanceof FfmpegError && /not currently supported in container|Could not find tag for codec/i.test(`${error.message}\n${error.stderrTail}`)) {
      throw new InvalidInputError(`the video codec cannot be cut into MP4 segments (${shortDetail(error.message)})`, { cause: error });
    }
    throw error;
  }

  const paths = (await readdir(outDir)).filter((name) => SEGMENT_FILE.test(name)).sort(byNumber).map((name) => join(outDir, name));
  if (paths.length === 0) throw new InvalidInputError('the video stream has no frames');
  let packetCount = 0;
  for (const path of paths) packetCount += await countVideoPackets({ path, streamIndex: 0, signal });
  return { paths, packetCount };
}

async function removeSegmentFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (SEGMENT_FILE.test(name)) await rm(join(dir, name), { force: true });
  }
}

function byNumber(a: string, b: string): number {
  return Number.parseInt(a, 10) - Number.parseInt(b, 10);
}
