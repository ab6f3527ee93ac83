import type { OutputFormat } from '@stereo-spot/shared-types';
import type { DepthMap, Frame } from '../frame.js';
import { composeLayout } from '../layouts/compose-layout.js';
import { eyeLayout } from '../layouts/eye-layout.js';
import { layoutSize, pixelFormatFor } from '../layouts/layout-size.js';
import { squeezeFrame } from '../layouts/squeeze-frame.js';
import type { StereoParams } from '../stereo-params.js';
import { reuseFrame } from './allocate-frame.js';
import { createSynthesisScratch, drawViews, synthesizeViews, type SynthesisScratch } from './synthesize-views.js';

/** Everything `renderStereoFrame` reuses between frames; one per worker thread. */
export interface RenderScratch extends SynthesisScratch {
  /** The frame squeezed for a half layout. */
  squeezed?: Frame;
}

export function createRenderScratch(): RenderScratch {
  return createSynthesisScratch();
}

/**
 * One output frame: dilate the depth → disparity → the two eyes → the `format` layout. What a worker runs per
 * frame. Side-by-side and top-bottom layouts have the eyes drawn straight into their places in the output
 * (`eyeLayout`; the half ones from the frame squeezed first); anaglyphs and odd sizes draw eye frames and compose
 * them. `frame` should be in `pixelFormatFor(format)`: anaglyphs need gbrp (they mix colours); the other
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
  const work = scratch ?? createRenderScratch();
  const size = layoutSize({ format, width: frame.width, height: frame.height });
  const direct = reuseFrame(out, frame.format, size.width, size.height);
  const layout = eyeLayout({ format, eye: frame, out: direct });
  if (layout) {
    const source = layout.squeeze ? (work.squeezed = squeezeFrame({ frame, axis: layout.squeeze, out: work.squeezed })) : frame;
    drawViews({ frame: source, depth, params, scratch: work, left: layout.left, right: layout.right });
    return direct;
  }
  const { left, right } = synthesizeViews({ frame, depth, params, scratch: work });
  return composeLayout({ format, left, right, out: direct });
}
