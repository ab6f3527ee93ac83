import { Counter, Histogram, type Registry } from 'prom-client';
import { processRegistry, registeredMetric } from './metrics-registry.js';

/** What became of a received message, as the `outcome` label says it (`dropped`: its job ended while it was worked on). */
export const MESSAGE_OUTCOMES = ['ok', 'failed', 'retried', 'dead_lettered', 'released', 'dropped'] as const;
export type MessageOutcomeLabel = (typeof MESSAGE_OUTCOMES)[number];

/** Seconds, from a fraction of a second to an hour: queue waits, handler and conversion times. */
const DURATION_BUCKETS = [0.05, 0.25, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 3600];
const FPS_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 240];

/** The metrics of the queue workers (docs/ARCHITECTURE.md, "Observability", lists them with what to alert on). */
export interface WorkerMetrics {
  readonly registry: Registry;
  readonly messages: Counter<'stage' | 'outcome'>;
  readonly receiveErrors: Counter<'queue'>;
  readonly queueWait: Histogram<'queue'>;
  readonly handlerDuration: Histogram<'stage' | 'outcome'>;
  readonly segmentConversion: Histogram<'format' | 'depth'>;
  readonly segmentFps: Histogram<'format' | 'depth'>;
  readonly framesConverted: Counter<'format' | 'depth'>;
  readonly jobTransitions: Counter<'status'>;
}

/** The worker metrics on `registry` (created once per registry, shared by every loop and handler on it). */
export function createWorkerMetrics({ registry }: { registry: Registry }): WorkerMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    registeredMetric({ registry, name, create: (registers) => new Counter<L>({ name, help, labelNames, registers }) });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    registeredMetric({ registry, name, create: (registers) => new Histogram<L>({ name, help, labelNames, buckets, registers }) });
  return {
    registry,
    messages: counter('stereo_spot_messages_total', 'Queue messages handled, by stage and outcome.', ['stage', 'outcome']),
    receiveErrors: counter('stereo_spot_receive_errors_total', 'Receive calls that failed (the queue did not answer), by queue.', ['queue']),
    queueWait: histogram('stereo_spot_queue_wait_seconds', 'Time a message waited in its queue before its first delivery.', ['queue'], DURATION_BUCKETS),
    handlerDuration: histogram('stereo_spot_handler_duration_seconds', 'Time a handler took per message, by stage and outcome.', ['stage', 'outcome'], DURATION_BUCKETS),
    segmentConversion: histogram('stereo_spot_segment_conversion_seconds', 'Time to convert one segment to stereo, by output format and depth model.', ['format', 'depth'], DURATION_BUCKETS),
    segmentFps: histogram('stereo_spot_segment_conversion_fps', 'Frames per second of each segment conversion, by output format and depth model.', ['format', 'depth'], FPS_BUCKETS),
    framesConverted: counter('stereo_spot_frames_converted_total', 'Video frames converted to stereo, by output format and depth model.', ['format', 'depth']),
    jobTransitions: counter('stereo_spot_job_transitions_total', 'Job status changes made by this process (job creations count as "created"), by new status.', ['status']),
  };
}

let metrics: WorkerMetrics | undefined;

/** The worker metrics on this process's registry. */
export function processWorkerMetrics(): WorkerMetrics {
  metrics ??= createWorkerMetrics({ registry: processRegistry() });
  return metrics;
}

