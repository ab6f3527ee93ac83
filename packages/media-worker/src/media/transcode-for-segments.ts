import { resolve } from 'node:path';
import { FfmpegError, runFfmpeg } from '@stereo-spot/ffmpeg';
import { InvalidInputError } from '@stereo-spot/shared-types';
import { shortDetail } from './input-failure.js';
import type { CutTraits } from './read-cut-traits.js';
import { segmentOutputArgs } from './segment-output-args.js';
import { segmentPixelFormat } from './segment-pixel-format.js';

/** x264 quality of the re-encode: visually lossless (PSNR ≈ 50 dB on OpenCV's vtest.avi), about 2× the source's size. */
export const TRANSCODE_CRF = 12;
/** Fast enough to stay well ahead of the stereo conversion that follows (vtest.avi: about 130 fps on one core). */
export const TRANSCODE_PRESET = 'veryfast';

/**
 * Cuts the video stream into MP4 segments by re-encoding it to H.264, for sources a stream copy cannot cut: a
 * codec MP4 cannot hold (MS-MPEG4 in AVI, Cinepak, VP8…) or packets without presentation times (AVI with
 * B-frames, raw streams). Keyframes are forced at the segment boundaries, so the segments are as long as a
 * copy's would be, and every decoded frame is kept with its own timestamp (`-fps_mode passthrough`), so frame
 * counts and times still match the source; only when the source has no presentation times are the frames
 * retimed onto its nominal frame rate (`retime`), in the decoder's (display) order.
 */
export async function transcodeForSegments(options: {
  sourcePath: string;
  videoStreamIndex: number;
  segmentSeconds: number;
  outDir: string;
  traits: CutTraits;
  retime: boolean;
  signal?: AbortSignal;
}): Promise<void> {
  const { segmentSeconds, traits, signal } = options;
  const pixFmt = segmentPixelFormat(traits);
  const rgb = /rgb|bgr|gbr|pal8|xyz/i.test(traits.pixFmt ?? '');
  const filters = [
    // Rounded: N/FRAME_RATE/TB is truncated, and 29/25/0.04 is 28.999…
    ...(options.retime ? ['setpts=round(N/(FRAME_RATE*TB))'] : []),
    // RGB is converted with the BT.709 matrix, and tagged so; the default (BT.601, untagged) shifts colours in HD.
    ...(rgb ? ['scale=out_color_matrix=bt709:out_range=tv'] : []),
    `format=${pixFmt}`,
  ];
  try {
    await runFfmpeg({
      args: [
        '-y',
        '-i', resolve(options.sourcePath),
        '-map', `0:${options.videoStreamIndex}`,
        '-an', '-sn', '-dn',
        '-vf', filters.join(','),
        '-c:v', 'libx264', '-preset', TRANSCODE_PRESET, '-crf', String(TRANSCODE_CRF),
        ...(rgb ? ['-colorspace', 'bt709', '-color_range', 'tv'] : []),
        // A keyframe at the first frame at or after every boundary: where the segment muxer cuts.
        '-force_key_frames', `expr:gte(t,n_forced*${segmentSeconds})`,
        // Every frame, with its own time, on the source's own time base (no snapping to a frame-rate grid).
        '-fps_mode', 'passthrough',
        '-enc_time_base', '-1',
        ...segmentOutputArgs({ segmentSeconds, outDir: options.outDir }),
      ],
      signal,
    });
  } catch (error) {
    if (error instanceof FfmpegError && /error while decoding|invalid data found|decoding error/i.test(`${error.message}\n${error.stderrTail}`)) {
      throw new InvalidInputError(`the video stream cannot be decoded to the end; the file is probably damaged (${shortDetail(error.message)})`, { cause: error });
    }
    throw error;
  }
}
