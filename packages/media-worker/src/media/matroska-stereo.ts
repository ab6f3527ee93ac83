import type { OutputFormat } from '@stereo-spot/shared-types';

/**
 * How a Matroska result states its layout: the video track's StereoMode (ffmpeg's names), and for the half
 * layouts the shape of a pixel. ffmpeg's muxer writes the display size of one view (half the frame's width for
 * side by side, half its height for top-bottom) and its reader doubles it back; a half layout's squeezed views are
 * shown at their true shape only with the pixel aspect stated (2:1 side by side, 1:2 top-bottom), so ffprobe
 * reports a half side-by-side frame as twice as wide as it is stored.
 *
 * Anaglyphs get none: ffmpeg 5.1's muxer accepts `anaglyph_cyan_red` and writes nothing (it writes StereoMode only
 * from a packing it can describe as side data), and an anaglyph needs no player mode anyway: it is watched as it
 * is, through glasses.
 */
export const MATROSKA_STEREO: Readonly<Record<OutputFormat, { stereoMode?: string; pixelAspect?: '2:1' | '1:2' }>> = {
  'sbs-full': { stereoMode: 'left_right' },
  'sbs-half': { stereoMode: 'left_right', pixelAspect: '2:1' },
  'tb-full': { stereoMode: 'top_bottom' },
  'tb-half': { stereoMode: 'top_bottom', pixelAspect: '1:2' },
  // Cross-eyed viewing puts the right eye on the left, which Matroska can say (unlike x264's packing SEI).
  cross: { stereoMode: 'right_left' },
  'anaglyph-dubois': {},
  'anaglyph-color': {},
  'anaglyph-gray': {},
  'anaglyph-halfcolor': {},
};
