/**
 * Recycles frame-sized buffers. A 1080p frame is 3 MB: allocating one per frame costs garbage collections and
 * fresh zeroed pages from the kernel, time taken from the encoder on a small machine. A buffer comes back only
 * once nothing can use it any more (the pipeline returns output frames after the encoder has written them;
 * buffers that went through a worker arrive as new objects no one else holds).
 */
export class FrameBufferPool {
  private readonly free: ArrayBuffer[] = [];
  /** Sizes handed out: only those are worth keeping. */
  private readonly sizes = new Set<number>();
  private readonly maxFree: number;

  constructor(options: { maxFree?: number } = {}) {
    this.maxFree = options.maxFree ?? 8;
  }

  /** A buffer of exactly `byteLength` bytes, with its own ArrayBuffer (so it can be transferred); not zeroed. */
  take(byteLength: number): Uint8Array {
    this.sizes.add(byteLength);
    const index = this.free.findIndex((buffer) => buffer.byteLength === byteLength);
    if (index !== -1) return new Uint8Array(this.free.splice(index, 1)[0]!);
    // allocUnsafeSlow: not zero-filled and never a slice of Node's shared pool (which could not be transferred).
    const buffer = Buffer.allocUnsafeSlow(byteLength);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, byteLength);
  }

  /** Hands a buffer back; the caller must not touch it again. Buffers of other sizes, or surplus, are dropped. */
  give(buffer: ArrayBuffer): void {
    if (!this.sizes.has(buffer.byteLength) || this.free.length >= this.maxFree || this.free.includes(buffer)) return;
    this.free.push(buffer);
  }
}
