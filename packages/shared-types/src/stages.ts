import { z } from 'zod';

/** The stages a job passes through; each has its own queue and its own failure stage name. */
export const STAGES = ['chunking', 'video', 'reassembly'] as const;
export type Stage = (typeof STAGES)[number];
export const stageSchema = z.enum(STAGES);

/** Queue names, one per stage (a dead-letter queue is derived from each). */
export const QUEUE_NAMES = ['chunking', 'video-worker', 'reassembly'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const QUEUE_OF_STAGE: Readonly<Record<Stage, QueueName>> = {
  chunking: 'chunking',
  video: 'video-worker',
  reassembly: 'reassembly',
};
