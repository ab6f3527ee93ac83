import type { OutputFormat } from '@stereo-spot/shared-types';
import type { EncoderSettings } from './encode-frames.js';

/**
 * The H.264 frame packing arrangement SEI each layout is encoded with (x264's `frame-packing`: 3 side by side,
 * 4 top-bottom; the half layouts are the same arrangements with squeezed views). 3D TVs, headsets and ffmpeg-based
 * players read it to split the frame into its two views; it is in the bitstream, so it survives the stream copies
 * of the join, in MP4 and Matroska alike.
 *
 * None for `cross`: the SEI can say that the right view comes first (content_interpretation_type 2), but x264
 * always writes 1 (left view first), and a player trusting it would swap the eyes. None for the anaglyphs: one
 * picture with both views mixed, which a player must not split.
 */
export const H264_FRAME_PACKING: Readonly<Record<OutputFormat, 3 | 4 | undefined>> = {
  'sbs-full': 3,
  'sbs-half': 3,
  'tb-full': 4,
  'tb-half': 4,
  cross: undefined,
  'anaglyph-dubois': undefined,
  'anaglyph-color': undefined,
  'anaglyph-gray': undefined,
  'anaglyph-halfcolor': undefined,
};

/**
 * The encoder's parameters that state the layout, or none. x265 (3.5, in ffmpeg 5.1) has no option to write the
 * HEVC frame packing SEI, so HEVC results carry their layout only in a Matroska StereoMode and the file name.
 */
export function framePackingParams({ layout, codec }: { layout: OutputFormat | undefined; codec: EncoderSettings['codec'] }): string | undefined {
  const packing = layout === undefined ? undefined : H264_FRAME_PACKING[layout];
  return codec === 'x264' && packing !== undefined ? `frame-packing=${packing}` : undefined;
}
