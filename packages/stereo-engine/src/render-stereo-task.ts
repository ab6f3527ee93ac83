import type { OutputFormat } from '@stereo-spot/shared-types';
import type { DepthMap, Frame } from './frame.js';
import { defineFrameTask } from './pipeline/frame-task.js';
import type { StereoParams } from './stereo-params.js';
import { layoutSize } from './layouts/layout-size.js';
import { allocateFrame } from './synthesis/allocate-frame.js';
import { createRenderScratch, renderStereoFrame } from './synthesis/render-stereo-frame.js';

/** What the main thread sends a worker for each frame. */
export interface StereoFramePayload {
  frame: Frame;
  depth: DepthMap;
  format: OutputFormat;
  params: StereoParams;
}

// One scratch per worker thread: the intermediate maps and eye frames are reused from frame to frame.
const scratch = createRenderScratch();

/** Worker-thread task of `convertVideo`: one source frame and its depth in, one stereo frame out. */
export default defineFrameTask<StereoFramePayload>(({ payload, outputBuffer }) => {
  const { frame, format } = payload;
  const out = outputBuffer && allocateFrame({ format: frame.format, ...layoutSize({ format, width: frame.width, height: frame.height }), buffer: outputBuffer });
  return renderStereoFrame({ ...payload, scratch, out });
});
