import type { OutputFormat } from '@stereo-spot/shared-types';
import type { PixelFormat } from '../frame.js';

interface Size {
  width: number;
  height: number;
}

/** Full layouts double one side; half layouts and anaglyphs keep the input size (the player stretches back). */
const LAYOUT_SIZES: Record<OutputFormat, (input: Size) => Size> = {
  'sbs-full': ({ width, height }) => ({ width: 2 * width, height }),
  'sbs-half': ({ width, height }) => ({ width, height }),
  'tb-full': ({ width, height }) => ({ width, height: 2 * height }),
  'tb-half': ({ width, height }) => ({ width, height }),
  cross: ({ width, height }) => ({ width: 2 * width, height }),
  'anaglyph-dubois': ({ width, height }) => ({ width, height }),
  'anaglyph-color': ({ width, height }) => ({ width, height }),
  'anaglyph-gray': ({ width, height }) => ({ width, height }),
  'anaglyph-halfcolor': ({ width, height }) => ({ width, height }),
};

/** Output frame size of `format` for a `width`×`height` input. */
export function layoutSize({ format, width, height }: { format: OutputFormat } & Size): Size {
  return LAYOUT_SIZES[format]({ width, height });
}

/**
 * Pixel format the engine works in for `format`: anaglyphs mix RGB channels, so they take planar RGB (gbrp);
 * the rest only move pixels, so they stay in ffmpeg's native yuv420p and skip any colour conversion.
 */
const PIXEL_FORMATS: Record<OutputFormat, PixelFormat> = {
  'sbs-full': 'yuv420p',
  'sbs-half': 'yuv420p',
  'tb-full': 'yuv420p',
  'tb-half': 'yuv420p',
  cross: 'yuv420p',
  'anaglyph-dubois': 'gbrp',
  'anaglyph-color': 'gbrp',
  'anaglyph-gray': 'gbrp',
  'anaglyph-halfcolor': 'gbrp',
};

export function pixelFormatFor(format: OutputFormat): PixelFormat {
  return PIXEL_FORMATS[format];
}
