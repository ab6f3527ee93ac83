import type { Frame } from '../../frame.js';
import { defineFrameTask } from '../frame-task.js';

/** Returns the frame it is given: measures the pipeline's own cost (decode, transfers, encode) and checks it. */
export default defineFrameTask<{ frame: Frame }>(({ payload }) => payload.frame);
