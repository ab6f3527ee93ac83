import { frameByteLength, planeSizes, type Frame, type PixelFormat } from '../frame.js';

/**
 * A frame whose planes are consecutive views of one buffer, in the order ffmpeg's rawvideo uses — so the frame
 * can be written to ffmpeg as a single chunk (`Buffer.from(planes[0].data.buffer)`). Zeroed, or laid on `buffer`
 * (which must have exactly the frame's byte length; its contents are kept).
 */
export function allocateFrame({ format, width, height, buffer: given }: { format: PixelFormat; width: number; height: number; buffer?: ArrayBuffer }): Frame {
  const bytes = frameByteLength({ format, width, height });
  if (given && given.byteLength !== bytes) throw new Error(`allocateFrame: a ${format} ${width}x${height} frame needs ${bytes} bytes, the buffer has ${given.byteLength}`);
  const buffer = given ?? new ArrayBuffer(bytes);
  let offset = 0;
  const [a, b, c] = planeSizes({ format, width, height }).map((size) => {
    const data = new Uint8Array(buffer, offset, size.width * size.height);
    offset += data.length;
    return { data, width: size.width, height: size.height };
  });
  return { format, width, height, planes: [a!, b!, c!] };
}

/** `frame` when it already has this format and size, else a new one: eye buffers reused from frame to frame. */
export function reuseFrame(frame: Frame | undefined, format: PixelFormat, width: number, height: number): Frame {
  if (frame !== undefined && frame.format === format && frame.width === width && frame.height === height) return frame;
  return allocateFrame({ format, width, height });
}
