import type { OutputFormat } from '@stereo-spot/shared-types';
import type { DepthMap, Frame } from '../frame.js';
import { composeLayout } from '../layouts/compose-layout.js';
import { pixelFormatFor } from '../layouts/layout-size.js';
import type { StereoParams } from '../stereo-params.js';
import { createSynthesisScratch, synthesizeViews, type SynthesisScratch } from './synthesize-views.js';

/** Everything `renderStereoFrame` reuses between frames; one per worker thread. */
export type RenderScratch = SynthesisScratch;

export function createRenderScratch(): RenderScratch {
  return createSynthesisScratch();
}

/**
 * One output frame: dilate the depth → disparity → the two eyes → the `format` layout. What a worker runs per
 * frame. `frame` should be in `pixelFormatFor(format)`: anaglyphs need gbrp (they mix colours); the other
 * layouts only move pixels and keep whatever format they get (yuv420p is ffmpeg's native one).
 *
 * With `scratch`, only the returned frame is allocated (all intermediate maps and eye frames are reused); the
 * returned frame is always new — unless `out` is passed — so it can be handed to a stream that writes later.
 */
export function renderStereoFrame({
  frame,
  depth,
  format,
  params,
  scratch,
  out,
}: {
  frame: Frame;
  depth: DepthMap;
  format: OutputFormat;
  params: StereoParams;
  scratch?: RenderScratch;
  out?: Frame;
}): Frame {
  if (pixelFormatFor(format) === 'gbrp' && frame.format !== 'gbrp') throw new Error(`renderStereoFrame: ${format} works on gbrp frames, got ${frame.format}`);
  const { left, right } = synthesizeViews({ frame, depth, params, scratch: scratch ?? createRenderScratch() });
  return composeLayout({ format, left, right, out });
}
