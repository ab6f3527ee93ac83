/**
 * Frame timestamps from ffmpeg's `showinfo` filter. Raw video on a pipe carries no timestamps, so the decoder runs
 * `settb=AVTB,showinfo=checksum=0` (timestamps in microseconds, no per-frame checksums to pay for) and the k-th
 * `n: k pts: …` line belongs to the k-th frame on stdout. The two pipes are read independently, so times are
 * queued until their frame arrives (at most a frame or two ahead: ffmpeg blocks on a full stdout pipe).
 */

const SHOWINFO_LINE = /^\[Parsed_showinfo_\d+ @ [^\]]+\] (?:\[info\] )?n:\s*(\d+)\s+pts:\s*(\S+)/;

/** `{ n, ptsUs }` of a showinfo frame line (`ptsUs` NaN when the frame has no timestamp), else undefined. */
export function parseShowinfoLine(line: string): { n: number; ptsUs: number } | undefined {
  const match = SHOWINFO_LINE.exec(line);
  if (!match) return undefined;
  const pts = match[2] === 'NOPTS' ? Number.NaN : Number(match[2]);
  return { n: Number(match[1]), ptsUs: pts };
}

/** Timestamps in arrival order; `next()` waits for one to arrive, or fails once the producer has ended. */
export class TimestampQueue {
  private readonly times: number[] = [];
  private head = 0;
  private ended = false;
  private waiter: (() => void) | undefined;

  push(ptsUs: number): void {
    this.times.push(ptsUs);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  /** The next timestamp, or undefined when the producer ended without one. */
  async next(): Promise<number | undefined> {
    while (this.head >= this.times.length) {
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    const value = this.times[this.head++];
    // Drop consumed entries now and then, so a long video does not keep every timestamp.
    if (this.head > 1024) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return value;
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
