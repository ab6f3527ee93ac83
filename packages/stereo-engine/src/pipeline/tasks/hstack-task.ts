import type { Frame, Plane } from '../../frame.js';
import { defineFrameTask } from '../frame-task.js';

/**
 * The frame next to itself (2W×H): the shape of a full side-by-side output without any stereo work, i.e. what
 * `ffmpeg -filter_complex hstack` does. A baseline for benchmarks and a test of size-changing tasks.
 */
export default defineFrameTask<{ frame: Frame }>(({ payload: { frame } }) => hstackWithItself(frame));

export function hstackWithItself(frame: Frame): Frame {
  const widths = frame.planes.map((plane) => plane.width * 2);
  const bytes = frame.planes.reduce((sum, plane, i) => sum + widths[i]! * plane.height, 0);
  // One buffer for all three planes: it moves back to the main thread as one transfer. Not zero-filled: every
  // byte is written below.
  const slow = Buffer.allocUnsafeSlow(bytes);
  const buffer = new Uint8Array(slow.buffer, slow.byteOffset, bytes);
  let offset = 0;
  const planes = frame.planes.map((plane, i) => {
    const out: Plane = { data: buffer.subarray(offset, offset + widths[i]! * plane.height), width: widths[i]!, height: plane.height };
    offset += out.data.length;
    for (let y = 0; y < plane.height; y++) {
      const row = plane.data.subarray(y * plane.width, (y + 1) * plane.width);
      out.data.set(row, y * out.width);
      out.data.set(row, y * out.width + plane.width);
    }
    return out;
  }) as Frame['planes'];
  return { format: frame.format, width: frame.width * 2, height: frame.height, planes };
}
