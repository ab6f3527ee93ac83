import { GPU_TAINT, NODE_POOL_LABEL, type NodePoolName } from './workloads.js';

/** Instance choices per pool: single-GPU g5/g6 sizes (so the GPU limit counts nodes), general-purpose for CPU. */
const POOL_REQUIREMENTS: Readonly<Record<NodePoolName, Array<{ key: string; operator: 'In' | 'Gt'; values: string[] }>>> = {
  gpu: [
    { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['g6', 'g5', 'g6e'] },
    { key: 'karpenter.k8s.aws/instance-gpu-count', operator: 'In', values: ['1'] },
    // Spot first: Karpenter launches spot when both are allowed and falls back to on-demand when spot has no capacity.
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
    { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
  ],
  cpu: [
    { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
    { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
    { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
  ],
};

/** The EC2NodeClass: Bottlerocket (its NVIDIA variant on GPU instances brings the driver and device plugin). */
export function ec2NodeClassManifest({ nodeRoleName, subnetIds, securityGroupIds }: { nodeRoleName: string; subnetIds: string[]; securityGroupIds: string[] }) {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'default' },
    spec: {
      role: nodeRoleName,
      amiSelectorTerms: [{ alias: 'bottlerocket@latest' }],
      // By id: the private subnets of the VPC and the cluster's security group, no discovery tags to keep in sync.
      subnetSelectorTerms: subnetIds.map((id) => ({ id })),
      securityGroupSelectorTerms: securityGroupIds.map((id) => ({ id })),
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        // Segments are downloaded to and converted on local disk.
        { deviceName: '/dev/xvdb', ebs: { volumeSize: '200Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } },
      ],
    },
  };
}

/**
 * One NodePool. The GPU pool's `limits` of `nvidia.com/gpu` is its maximum number of nodes (one GPU each);
 * it consolidates only empty nodes, so a conversion in progress is never moved.
 */
export function nodePoolManifest({ pool, maxGpuNodes, maxCpuVcpus }: { pool: NodePoolName; maxGpuNodes: number; maxCpuVcpus: number }) {
  const gpu = pool === 'gpu';
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: pool },
    spec: {
      template: {
        metadata: { labels: { [NODE_POOL_LABEL]: pool } },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
          requirements: POOL_REQUIREMENTS[pool],
          ...(gpu ? { taints: [GPU_TAINT] } : {}),
          expireAfter: '720h',
        },
      },
      limits: gpu ? { 'nvidia.com/gpu': String(maxGpuNodes) } : { cpu: String(maxCpuVcpus) },
      disruption: gpu ? { consolidationPolicy: 'WhenEmpty', consolidateAfter: '2m' } : { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m' },
      // Prefer the GPU pool for GPU pods only; the CPU pool is the default for everything else.
      weight: gpu ? 10 : 50,
    },
  };
}
