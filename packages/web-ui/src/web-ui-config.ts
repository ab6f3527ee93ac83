import { z } from 'zod';
import { DEPTH_MODELS, UsageError, type DepthModel } from '@stereo-spot/shared-types';

export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 ** 3;

/** Content types a source upload may declare: video only (the chunking worker still probes what arrives). */
export const VIDEO_CONTENT_TYPES = ['video/mp4', 'video/quicktime', 'video/x-matroska', 'video/webm', 'video/x-msvideo', 'video/mpeg', 'video/mp2t', 'video/x-m4v', 'video/3gpp'] as const;
export type VideoContentType = (typeof VIDEO_CONTENT_TYPES)[number];
export const DEFAULT_UPLOAD_CONTENT_TYPE: VideoContentType = 'video/mp4';

export interface BasicAuthCredentials {
  user: string;
  password: string;
}

export interface WebUiConfig {
  /** Largest source a presigned upload admits (default 20 GiB). */
  maxUploadBytes: number;
  /** How long an upload URL stays valid. */
  uploadExpirySec: number;
  /** How long a result URL stays valid (the play page and the API hand them out). */
  resultExpirySec: number;
  /** Depth estimators offered by the form and accepted by the API (onnx only where the workers have a model). */
  depthModels: readonly DepthModel[];
  /** Every route but health checks and signed storage URLs asks for these. */
  basicAuth?: BasicAuthCredentials;
  /** Deployments behind an authenticating proxy: requests without this header (lowercase name) are refused. */
  trustedProxyHeader?: string;
  /** Keys CSRF tokens; random per process when absent (a restart then asks to reload an open form). */
  csrfSecret?: string;
}

const envSchema = z.object({
  STEREO_SPOT_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_UPLOAD_BYTES),
  STEREO_SPOT_UPLOAD_EXPIRY_SEC: z.coerce.number().int().positive().default(3600),
  STEREO_SPOT_RESULT_EXPIRY_SEC: z.coerce.number().int().positive().default(3600),
  STEREO_SPOT_BASIC_AUTH: z
    .string()
    .regex(/^[^:]+:.+$/, 'expected user:password')
    .optional(),
  STEREO_SPOT_TRUSTED_PROXY_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'expected a header name')
    .optional(),
  STEREO_SPOT_CSRF_SECRET: z.string().min(16).optional(),
});

/** The web server's settings from the environment, validated at start with one message naming every problem. */
export function readWebUiConfig({ env = process.env, depthModels = DEPTH_MODELS }: { env?: NodeJS.ProcessEnv; depthModels?: readonly DepthModel[] } = {}): WebUiConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new UsageError(`bad environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const auth = e.STEREO_SPOT_BASIC_AUTH;
  const colon = auth?.indexOf(':') ?? -1;
  return {
    maxUploadBytes: e.STEREO_SPOT_MAX_UPLOAD_BYTES,
    uploadExpirySec: e.STEREO_SPOT_UPLOAD_EXPIRY_SEC,
    resultExpirySec: e.STEREO_SPOT_RESULT_EXPIRY_SEC,
    depthModels,
    ...(auth ? { basicAuth: { user: auth.slice(0, colon), password: auth.slice(colon + 1) } } : {}),
    ...(e.STEREO_SPOT_TRUSTED_PROXY_HEADER ? { trustedProxyHeader: e.STEREO_SPOT_TRUSTED_PROXY_HEADER.toLowerCase() } : {}),
    ...(e.STEREO_SPOT_CSRF_SECRET ? { csrfSecret: e.STEREO_SPOT_CSRF_SECRET } : {}),
  };
}

export function defaultWebUiConfig(overrides: Partial<WebUiConfig> = {}): WebUiConfig {
  return { maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES, uploadExpirySec: 3600, resultExpirySec: 3600, depthModels: DEPTH_MODELS, ...overrides };
}
