import type { JobOptions, Logger, OutputFormat } from '@stereo-spot/shared-types';

/** What a conversion reports: the frames it wrote, for the frames-per-second metrics. */
export interface SegmentConversion {
  frames: number;
}

/** Turns one video-only segment file into its stereo counterpart. Knows nothing of queues or storage. */
export interface SegmentModel {
  /** Resolves with the frames written, or nothing when the model does not count them (the pass-through). */
  convert(args: {
    inputPath: string;
    outputPath: string;
    format: OutputFormat;
    options: JobOptions;
    signal: AbortSignal;
    logger: Logger;
    /** Frames converted so far, as the model goes (a model that cannot tell says nothing). */
    onProgress?: (framesDone: number) => void;
  }): Promise<SegmentConversion | void>;
}
