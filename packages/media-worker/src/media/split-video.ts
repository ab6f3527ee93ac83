import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { countVideoPackets, FfmpegError, runFfmpeg } from '@stereo-spot/ffmpeg';
import { InvalidInputError } from '@stereo-spot/shared-types';
import { readCutTraits } from './read-cut-traits.js';
import { segmentOutputArgs } from './segment-output-args.js';
import { transcodeForSegments } from './transcode-for-segments.js';

const SEGMENT_FILE = /^\d{5,}\.mp4$/;

/** What ffmpeg's MP4 muxer says of a codec it has no sample entry for. */
const NOT_IN_MP4 = /not currently supported in container|Could not find tag for codec/i;

/**
 * How the segments were made: `copy` (the source's own packets), or `transcode` (re-encoded to H.264, visually
 * lossless) because the codec cannot live in MP4 (`codec-not-in-mp4`) or the packets have no presentation times
 * (`no-presentation-times`).
 */
export type SplitMethod = { method: 'copy' } | { method: 'transcode'; reason: 'codec-not-in-mp4' | 'no-presentation-times' };

/**
 * Cuts the source's video stream (only: audio is muxed once at reassembly, see DESIGN.md) into MP4 segments of
 * about `segmentSeconds`, `00000.mp4`, `00001.mp4`… in `outDir`. Stream copy when it can, so every segment starts
 * at one of the source's keyframes; otherwise a visually lossless H.264 re-encode (see `transcodeForSegments`).
 * `packetCount` is the number of video packets over all segments, one per frame: fewer than the source's frame
 * count means the source is truncated, or (re-encoded) that some frames could not be decoded.
 */
export async function splitVideo(options: {
  sourcePath: string;
  videoStreamIndex: number;
  segmentSeconds: number;
  outDir: string;
  signal?: AbortSignal;
}): Promise<{ paths: string[]; packetCount: number } & SplitMethod> {
  const { videoStreamIndex, segmentSeconds, signal } = options;
  if (!(segmentSeconds > 0)) throw new RangeError(`segmentSeconds must be positive, got ${segmentSeconds}`);
  const sourcePath = resolve(options.sourcePath);
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  await removeSegmentFiles(outDir); // a retried attempt must not pick up segments of the one before

  const traits = await readCutTraits({ path: sourcePath, streamIndex: videoStreamIndex, signal });
  let how: SplitMethod = { method: 'copy' };
  if (!traits.hasPresentationTimes) {
    how = { method: 'transcode', reason: 'no-presentation-times' };
  } else {
    try {
      await runFfmpeg({
        args: ['-y', '-i', sourcePath, '-map', `0:${videoStreamIndex}`, '-an', '-sn', '-dn', '-c', 'copy', ...segmentOutputArgs({ segmentSeconds, outDir })],
        signal,
      });
    } catch (error) {
      if (!(error instanceof FfmpegError && NOT_IN_MP4.test(`${error.message}\n${error.stderrTail}`))) throw error;
      how = { method: 'transcode', reason: 'codec-not-in-mp4' };
      await removeSegmentFiles(outDir); // the muxer may have opened the first segment before it gave up
    }
  }
  if (how.method === 'transcode') {
    await transcodeForSegments({ sourcePath, videoStreamIndex, segmentSeconds, outDir, traits, retime: how.reason === 'no-presentation-times', signal });
  }

  const paths = (await readdir(outDir)).filter((name) => SEGMENT_FILE.test(name)).sort(byNumber).map((name) => join(outDir, name));
  if (paths.length === 0) throw new InvalidInputError('the video stream has no frames');
  let packetCount = 0;
  for (const path of paths) packetCount += await countVideoPackets({ path, streamIndex: 0, signal });
  return { paths, packetCount, ...how };
}

async function removeSegmentFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (SEGMENT_FILE.test(name)) await rm(join(dir, name), { force: true });
  }
}

function byNumber(a: string, b: string): number {
  return Number.parseInt(a, 10) - Number.parseInt(b, 10);
}
