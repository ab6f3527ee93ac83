import { z } from 'zod';
import { UsageError, depthModelSchema, type DepthModel } from '@stereo-spot/shared-types';
import type { QueueTuning } from '@stereo-spot/worker-runtime';

/**
 * Where a worker serves /metrics, /healthz and /readyz unless told otherwise (the Prometheus exporters' customary
 * range). Only a default: a second worker on the same machine finds it taken and runs without the endpoint.
 */
export const DEFAULT_METRICS_PORT = 9464;

const envSchema = z.object({
  STORAGE_ADAPTER: z.enum(['local', 'aws']).default('local'),
  CHUNK_SEGMENT_DURATION_SEC: z.coerce.number().positive().default(300),
  STEREO_SPOT_VISIBILITY_TIMEOUT_SEC: z.coerce.number().positive().default(60),
  STEREO_SPOT_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(20).default(4),
  STEREO_SPOT_RETRY_BASE_SEC: z.coerce.number().nonnegative().default(2),
  STEREO_SPOT_POLL_WAIT_SEC: z.coerce.number().positive().default(5),
  STEREO_SPOT_REASSEMBLY_LEASE_SEC: z.coerce.number().positive().default(180),
  STEREO_DEPTH_MODEL: z.string().min(1).optional(),
  STEREO_DEPTH_EXECUTION_PROVIDER: z.enum(['cpu', 'cuda']).default('cpu'),
  // Comma-separated estimator names, e.g. `heuristic,da-v2-small`.
  STEREO_SPOT_DEPTH_MODELS: z
    .string()
    .transform((text) => text.split(',').map((name) => name.trim()).filter((name) => name !== ''))
    .pipe(z.array(depthModelSchema).min(1))
    .optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // Loopback unless opened up: containers set 0.0.0.0 so the kubelet and Prometheus reach it.
  METRICS_HOST: z.string().min(1).default('localhost'),
});

export interface WorkerConfig {
  storageAdapter: 'local' | 'aws';
  defaultSegmentSeconds: number;
  maxReceiveCount: number;
  tuning: QueueTuning;
  /** How long a reassembly lease outlives a worker that stopped renewing it (killed): its job waits that long. */
  reassemblyLeaseSec: number;
  /** The ONNX depth model file the video workers load for `--depth onnx` jobs. */
  depthModelPath?: string;
  /** Where that model runs: `cuda` on GPU nodes (no silent CPU fallback when CUDA is missing). */
  depthExecutionProvider: 'cpu' | 'cuda';
  /**
   * The estimators the web UI offers on AWS, where it cannot look into the video workers' model cache: those
   * the video-worker image holds (docs/DEPLOY.md). Unset: heuristic, onnx and passthrough.
   */
  offeredDepthModels?: readonly DepthModel[];
  /** The worker's /metrics, /healthz and /readyz endpoint: port 0 turns it off; none set, DEFAULT_METRICS_PORT if free. */
  metrics: { port: number | undefined; host: string };
}

/** Worker settings from the environment, validated once at start with one message listing what is wrong. */
export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new UsageError(`bad environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const config = parsed.data;
  return {
    storageAdapter: config.STORAGE_ADAPTER,
    defaultSegmentSeconds: config.CHUNK_SEGMENT_DURATION_SEC,
    maxReceiveCount: config.STEREO_SPOT_MAX_RECEIVE_COUNT,
    reassemblyLeaseSec: config.STEREO_SPOT_REASSEMBLY_LEASE_SEC,
    depthModelPath: config.STEREO_DEPTH_MODEL,
    depthExecutionProvider: config.STEREO_DEPTH_EXECUTION_PROVIDER,
    ...(config.STEREO_SPOT_DEPTH_MODELS ? { offeredDepthModels: config.STEREO_SPOT_DEPTH_MODELS } : {}),
    metrics: { port: config.METRICS_PORT, host: config.METRICS_HOST },
    tuning: {
      visibilityTimeoutSec: config.STEREO_SPOT_VISIBILITY_TIMEOUT_SEC,
      waitSeconds: config.STEREO_SPOT_POLL_WAIT_SEC,
      retryBaseSec: config.STEREO_SPOT_RETRY_BASE_SEC,
    },
  };
}
