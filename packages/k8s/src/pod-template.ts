import { BACKEND_CONFIG_MAP, GPU_TAINT, IMAGE_NAME, NODE_POOL_LABEL, WORKLOAD_NODE_POOL, type PodWorkload } from '@stereo-spot/aws-infra/workloads';

/** Where workers keep their scratch files (`--data-dir`); tsx's compile cache goes to /tmp. Both are emptyDirs. */
export const SCRATCH_DIR = '/scratch';
const UID = 10001;

export interface PodTemplateOptions {
  workload: PodWorkload;
  /** Labels that select this pod (Deployment, Service, PodDisruptionBudget). */
  labels: Record<string, string>;
  args: string[];
  /** The pod may take this long to stop: the process's own grace plus a margin for the upload in hand. */
  terminationGraceSeconds: number;
  resources: { cpu: string; memory: string; gpu?: number };
  env?: Record<string, string>;
  annotations?: Record<string, string>;
  ports?: Array<{ name: string; containerPort: number }>;
  probes?: Record<'startupProbe' | 'livenessProbe' | 'readinessProbe', Record<string, unknown>>;
}

/**
 * The pod template every stereo-spot Deployment uses: the workload's service account (its AWS identity through
 * EKS Pod Identity), the data plane's names from the ConfigMap the platform stack writes, non-root with a
 * read-only root file system, and the node pool of the workload (the GPU pool is tainted, so video workers
 * tolerate it and ask for a GPU).
 */
export function podTemplate(options: PodTemplateOptions) {
  const { workload, resources } = options;
  const pool = WORKLOAD_NODE_POOL[workload];
  const gpu = resources.gpu ? { 'nvidia.com/gpu': String(resources.gpu) } : {};
  return {
    metadata: { labels: options.labels, ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      serviceAccountName: workload,
      terminationGracePeriodSeconds: options.terminationGraceSeconds,
      nodeSelector: { [NODE_POOL_LABEL]: pool },
      ...(pool === 'gpu' ? { tolerations: [{ key: GPU_TAINT.key, operator: 'Equal', value: GPU_TAINT.value, effect: GPU_TAINT.effect }] } : {}),
      securityContext: { runAsNonRoot: true, runAsUser: UID, runAsGroup: UID, fsGroup: UID, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: workload,
          image: IMAGE_NAME[workload],
          args: options.args,
          envFrom: [{ configMapRef: { name: BACKEND_CONFIG_MAP } }],
          env: Object.entries(options.env ?? {}).map(([name, value]) => ({ name, value })),
          ...(options.ports ? { ports: options.ports } : {}),
          ...(options.probes ?? {}),
          resources: { requests: { cpu: resources.cpu, memory: resources.memory, ...gpu }, limits: { memory: resources.memory, ...gpu } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          volumeMounts: [
            { name: 'scratch', mountPath: SCRATCH_DIR },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: 'scratch', emptyDir: {} },
        { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
      ],
    },
  };
}
