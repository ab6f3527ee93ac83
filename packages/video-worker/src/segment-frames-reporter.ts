import type { JobStore, Logger } from '@stereo-spot/shared-types';

/** How often a converting segment writes its frame count to the job at most. */
export const FRAMES_REPORT_INTERVAL_MS = 2000;

/**
 * Writes a segment's converted frames to its job as the conversion goes: at most one write per interval and
 * never two at once, the last count always written by `finish`. Progress is a nicety: a failed write is
 * logged and never fails the segment.
 */
export class SegmentFramesReporter {
  readonly #jobs: Pick<JobStore, 'recordSegmentFrames'>;
  readonly #jobId: string;
  readonly #segmentIndex: number;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #latest = 0;
  #written = 0;
  #lastWriteAt = Number.NEGATIVE_INFINITY;
  #inFlight: Promise<void> | undefined;

  constructor({ jobs, jobId, segmentIndex, logger, intervalMs = FRAMES_REPORT_INTERVAL_MS, now = Date.now }: { jobs: Pick<JobStore, 'recordSegmentFrames'>; jobId: string; segmentIndex: number; logger: Logger; intervalMs?: number; now?: () => number }) {
    this.#jobs = jobs;
    this.#jobId = jobId;
    this.#segmentIndex = segmentIndex;
    this.#logger = logger;
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /** The model's progress callback. */
  readonly onProgress = (framesDone: number): void => {
    this.#latest = Math.max(this.#latest, framesDone);
    if (this.#inFlight || this.#now() - this.#lastWriteAt < this.#intervalMs) return;
    this.#inFlight = this.#write().finally(() => (this.#inFlight = undefined));
  };

  /** Waits for a write in flight, then writes the final count (when it is news). */
  async finish(framesDone?: number): Promise<void> {
    if (framesDone !== undefined) this.#latest = Math.max(this.#latest, framesDone);
    await this.#inFlight;
    if (this.#latest > this.#written) await this.#write();
  }

  async #write(): Promise<void> {
    const frames = this.#latest;
    this.#lastWriteAt = this.#now();
    try {
      await this.#jobs.recordSegmentFrames({ jobId: this.#jobId, segmentIndex: this.#segmentIndex, frames });
      this.#written = Math.max(this.#written, frames);
    } catch (error) {
      this.#logger.warn({ err: error instanceof Error ? error.message : String(error), frames }, 'segment progress not recorded');
    }
  }
}
