import { DEFAULT_QUEUE_MAX_RECEIVE_COUNT } from '@stereo-spot/aws-adapters';

/** What an operator chooses per deployment: read from CDK context (`cdk.json` or `-c key=value`). */
export interface DeploymentSettings {
  /** Receives before a message goes to its dead-letter queue (DESIGN: 3–5). */
  maxReceiveCount: number;
  /** The web UI's origin, allowed by the buckets' CORS rules for browser uploads and playback. */
  webOrigin: string;
  /** Upper bound of GPU nodes Karpenter may run at once (the cost ceiling of video conversion). */
  maxGpuNodes: number;
  /** Upper bound of vCPUs of the CPU NodePool (web UI, media workers, controllers). */
  maxCpuVcpus: number;
  /** The Git repository and revision Argo CD follows; its `deploy/` folder holds the synthesized manifests. */
  gitRepoUrl: string;
  gitRevision: string;
  /** Image tag the Argo CD Application deploys from each ECR repository. */
  imageTag: string;
}

export const DEFAULT_SETTINGS: DeploymentSettings = {
  maxReceiveCount: DEFAULT_QUEUE_MAX_RECEIVE_COUNT,
  webOrigin: 'https://stereo-spot.example.com',
  maxGpuNodes: 4,
  maxCpuVcpus: 64,
  gitRepoUrl: 'https://github.com/example/stereo-spot.git',
  gitRevision: 'main',
  imageTag: 'latest',
};

type Context = { tryGetContext(key: string): unknown };

function integerIn({ key, value, min, max }: { key: string; value: unknown; min: number; max: number }): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`context ${key} must be an integer from ${min} to ${max}, got ${String(value)}`);
  return n;
}

/** Settings from context over the defaults, validated once so a bad value fails the synth with its name. */
export function readDeploymentSettings(node: Context): DeploymentSettings {
  const get = <K extends keyof DeploymentSettings>(key: K): unknown => node.tryGetContext(key) ?? DEFAULT_SETTINGS[key];
  return {
    maxReceiveCount: integerIn({ key: 'maxReceiveCount', value: get('maxReceiveCount'), min: 3, max: 5 }),
    webOrigin: String(get('webOrigin')),
    maxGpuNodes: integerIn({ key: 'maxGpuNodes', value: get('maxGpuNodes'), min: 0, max: 1000 }),
    maxCpuVcpus: integerIn({ key: 'maxCpuVcpus', value: get('maxCpuVcpus'), min: 2, max: 10000 }),
    gitRepoUrl: String(get('gitRepoUrl')),
    gitRevision: String(get('gitRevision')),
    imageTag: String(get('imageTag')),
  };
}
