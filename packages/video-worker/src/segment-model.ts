import type { JobOptions, Logger, OutputFormat } from '@stereo-spot/shared-types';

/** Turns one video-only segment file into its stereo counterpart. Knows nothing of queues or storage. */
export interface SegmentModel {
  convert(args: { inputPath: string; outputPath: string; format: OutputFormat; options: JobOptions; signal: AbortSignal; logger: Logger }): Promise<void>;
}
