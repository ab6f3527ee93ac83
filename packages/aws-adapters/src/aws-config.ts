import { UsageError, type Bucket, type QueueName } from '@stereo-spot/shared-types';

/** The environment variables naming each logical bucket, table and queue (the deployment's outputs). */
export const BUCKET_ENV: Readonly<Record<Bucket, string>> = { input: 'INPUT_BUCKET_NAME', output: 'OUTPUT_BUCKET_NAME' };
export const TABLE_ENV = {
  jobs: 'JOBS_TABLE_NAME',
  segmentCompletions: 'SEGMENT_COMPLETIONS_TABLE_NAME',
  reassemblyTriggered: 'REASSEMBLY_TRIGGERED_TABLE_NAME',
} as const;
export type TableName = keyof typeof TABLE_ENV;
export const QUEUE_URL_ENV: Readonly<Record<QueueName, string>> = {
  chunking: 'CHUNKING_QUEUE_URL',
  'video-worker': 'VIDEO_WORKER_QUEUE_URL',
  reassembly: 'REASSEMBLY_QUEUE_URL',
};

export const DEFAULT_AWS_REGION = 'us-east-1';

export const AWS_SERVICES = ['dynamodb', 'sqs', 's3'] as const;
export type AwsService = (typeof AWS_SERVICES)[number];
/** The SDK's own variables: one endpoint for every service, or one per service (which wins). */
export const ENDPOINT_ENV: Readonly<Record<AwsService, string>> = { dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB', sqs: 'AWS_ENDPOINT_URL_SQS', s3: 'AWS_ENDPOINT_URL_S3' };

export interface AwsConfig {
  region: string;
  /** Endpoints of emulators (or other AWS-compatible services), per service; absent on AWS. */
  endpoints: Readonly<Partial<Record<AwsService, string>>>;
  buckets: Readonly<Record<Bucket, string>>;
  tables: Readonly<Record<TableName, string>>;
  queueUrls: Readonly<Record<QueueName, string>>;
  /**
   * How `presignUpload` lets a client upload: `post` (a presigned POST policy that S3 itself holds to the size
   * limit and content type: the default) or `put` (a presigned PUT, for emulators that have no POST uploads).
   */
  presignedUpload: 'post' | 'put';
}

function mapEnv<K extends string>(names: Readonly<Record<K, string>>, env: NodeJS.ProcessEnv, missing: string[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const [key, name] of Object.entries(names) as Array<[K, string]>) {
    const value = env[name]?.trim();
    if (value) out[key] = value;
    else missing.push(name);
  }
  return out;
}

/**
 * The AWS backend's settings from the environment, checked once at start: every missing variable is named in
 * one message, so a deployment is fixed in one go rather than one crash per variable.
 */
export function readAwsConfig(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const missing: string[] = [];
  const buckets = mapEnv(BUCKET_ENV, env, missing);
  const tables = mapEnv(TABLE_ENV, env, missing);
  const queueUrls = mapEnv(QUEUE_URL_ENV, env, missing);
  if (missing.length > 0) throw new UsageError(`STORAGE_ADAPTER=aws needs these environment variables: ${missing.join(', ')}`);
  const presignedUpload = env.STEREO_SPOT_PRESIGNED_UPLOAD ?? 'post';
  if (presignedUpload !== 'post' && presignedUpload !== 'put') throw new UsageError(`STEREO_SPOT_PRESIGNED_UPLOAD must be post or put, got "${presignedUpload}"`);
  const endpoints: Partial<Record<AwsService, string>> = {};
  for (const service of AWS_SERVICES) {
    const endpoint = env[ENDPOINT_ENV[service]]?.trim() || env.AWS_ENDPOINT_URL?.trim();
    if (endpoint) endpoints[service] = endpoint;
  }
  return {
    region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || DEFAULT_AWS_REGION,
    endpoints,
    buckets,
    tables,
    queueUrls,
    presignedUpload,
  };
}

/** The inverse of `readAwsConfig`: the variables a child process needs to open the same backend. */
export function awsConfigToEnv(config: AwsConfig): Record<string, string> {
  const env: Record<string, string> = { STORAGE_ADAPTER: 'aws', AWS_REGION: config.region, STEREO_SPOT_PRESIGNED_UPLOAD: config.presignedUpload };
  for (const service of AWS_SERVICES) {
    const endpoint = config.endpoints[service];
    if (endpoint) env[ENDPOINT_ENV[service]] = endpoint;
  }
  for (const [key, name] of Object.entries(BUCKET_ENV) as Array<[Bucket, string]>) env[name] = config.buckets[key];
  for (const [key, name] of Object.entries(TABLE_ENV) as Array<[TableName, string]>) env[name] = config.tables[key];
  for (const [key, name] of Object.entries(QUEUE_URL_ENV) as Array<[QueueName, string]>) env[name] = config.queueUrls[key];
  return env;
}
