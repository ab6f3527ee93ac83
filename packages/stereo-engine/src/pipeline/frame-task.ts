import type { Frame } from '../frame.js';

/**
 * The worker side of the frame pipeline. A task module's default export (or its `process` export) receives what
 * `prepare` returned for a frame, with the frame's index, and returns the output frame:
 *
 * ```ts
 * // sbs-task.ts
 * import { defineFrameTask } from './pipeline/frame-task.js';
 * export default defineFrameTask<{ frame: Frame; depth: DepthMap }>(({ payload }) => render(payload));
 * ```
 *
 * Tasks run in worker threads (several frames at once, in any order); results are put back in frame order.
 * Typed arrays in the payload arrive transferred (owned by the task, free to modify or return); the output
 * frame's buffers are transferred back, so a task may return planes of its input. Planes must have
 * `stride === width`. A task that throws fails the whole pipeline with its message.
 */
export interface FrameTaskInput<Payload> {
  payload: Payload;
  index: number;
  /**
   * A buffer of exactly the output frame's byte length (ffmpeg rawvideo layout), recycled from a frame the encoder
   * has written: a task that lays its output frame on it (see `allocateFrame`) saves a fresh allocation per frame.
   * Unused, it simply comes back.
   */
  outputBuffer?: ArrayBuffer;
}

export type FrameTask<Payload> = (input: FrameTaskInput<Payload>) => Frame | Promise<Frame>;

/** Types a task module's export (and keeps it callable directly, e.g. from a test on the main thread). */
export function defineFrameTask<Payload>(task: FrameTask<Payload>): FrameTask<Payload> {
  return task;
}
