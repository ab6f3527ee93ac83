import type { OutputFormat } from '@stereo-spot/shared-types';
import type { PixelFormat } from '../frame.js';
import type { ColourTags } from '../pipeline/probe-video.js';
import { swscaleColourOptions } from '../pipeline/swscale-colour.js';
import type { AnaglyphFormat } from './anaglyph.js';
import { layoutSize } from './layout-size.js';

/** ffmpeg stereo3d output modes of the anaglyphs: the same matrices as `ANAGLYPH_MATRICES`. */
const STEREO3D_MODES: Record<AnaglyphFormat, string> = {
  'anaglyph-dubois': 'arcd',
  'anaglyph-color': 'arcc',
  'anaglyph-gray': 'arcg',
  'anaglyph-halfcolor': 'arch',
};

/** What the worker threads draw for a video in a format, and what ffmpeg does with it while encoding. */
export interface RenderPlan {
  /** The layout the workers render, in `pixelFormat`. */
  draw: OutputFormat;
  pixelFormat: PixelFormat;
  /** ffmpeg filters between the workers and the encoder (see `EncodeFramesOptions.filters`). */
  encoderFilters?: { chain: string[]; width: number; height: number; rgb: boolean };
}

const anaglyph =
  (format: AnaglyphFormat) =>
  ({ width, height, colour }: Video): RenderPlan => ({
    draw: 'sbs-full',
    pixelFormat: 'yuv420p',
    encoderFilters: {
      chain: [`scale=${swscaleColourOptions({ colour, side: 'in' })}`, 'format=rgb24', `stereo3d=sbsl:${STEREO3D_MODES[format]}`],
      width,
      height,
      rgb: true,
    },
  });
const itself =
  (format: OutputFormat) =>
  (): RenderPlan => ({ draw: format, pixelFormat: 'yuv420p' });

interface Video {
  width: number;
  height: number;
  colour: ColourTags;
}

/**
 * Layouts that only move pixels are drawn as they are, in ffmpeg's native yuv420p. Anaglyphs are drawn as full
 * side-by-side yuv420p, and ffmpeg's stereo3d (vectorised C, the same matrices as `composeAnaglyph`) mixes the
 * colours on the way to the encoder: no RGB frames to decode, warp, mix and send from JavaScript.
 */
const RENDER_PLANS: Record<OutputFormat, (video: Video) => RenderPlan> = {
  'sbs-full': itself('sbs-full'),
  'sbs-half': itself('sbs-half'),
  'tb-full': itself('tb-full'),
  'tb-half': itself('tb-half'),
  cross: itself('cross'),
  'anaglyph-dubois': anaglyph('anaglyph-dubois'),
  'anaglyph-color': anaglyph('anaglyph-color'),
  'anaglyph-gray': anaglyph('anaglyph-gray'),
  'anaglyph-halfcolor': anaglyph('anaglyph-halfcolor'),
};

/** How `convertVideo` renders `format` for a video (its size and colour description). */
export function renderPlan({ format, video }: { format: OutputFormat; video: Video }): RenderPlan & { drawSize: { width: number; height: number } } {
  const plan = RENDER_PLANS[format](video);
  return { ...plan, drawSize: layoutSize({ format: plan.draw, width: video.width, height: video.height }) };
}
