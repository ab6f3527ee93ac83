import type { Bucket, QueueName } from '@stereo-spot/shared-types';
import type { TableName } from '@stereo-spot/aws-adapters';

/**
 * Everything that runs with an AWS identity: three container images on EKS and the trigger Lambda. This module
 * is shared with packages/k8s (`@stereo-spot/aws-infra/workloads`), so both sides agree on names without CDK.
 */
export const POD_WORKLOADS = ['web-ui', 'media-worker', 'video-worker'] as const;
export type PodWorkload = (typeof POD_WORKLOADS)[number];
export type Workload = PodWorkload | 'reassembly-trigger';

/** The namespace of stereo-spot's pods; each workload's service account is named after the workload. */
export const APP_NAMESPACE = 'stereo-spot';
/** The ConfigMap the platform stack writes with the data plane's names and URLs (the stack outputs). */
export const BACKEND_CONFIG_MAP = 'stereo-spot-aws';
/** Image names in the manifests; the Argo CD Application maps each to its ECR repository and tag. */
export const IMAGE_NAME: Readonly<Record<PodWorkload, string>> = {
  'web-ui': 'stereo-spot/web-ui',
  'media-worker': 'stereo-spot/media-worker',
  'video-worker': 'stereo-spot/video-worker',
};
/** Node pools Karpenter manages, by the label their nodes carry (`stereo-spot/pool`). */
export const NODE_POOLS = ['cpu', 'gpu'] as const;
export type NodePoolName = (typeof NODE_POOLS)[number];
export const NODE_POOL_LABEL = 'stereo-spot/pool';
/** The managed node group's nodes, where the controllers run (Karpenter must not run on nodes it manages). */
export const SYSTEM_NODE_SELECTOR = { [NODE_POOL_LABEL]: 'system' } as const;
export const WORKLOAD_NODE_POOL: Readonly<Record<PodWorkload, NodePoolName>> = { 'web-ui': 'cpu', 'media-worker': 'cpu', 'video-worker': 'gpu' };
/** The taint of GPU nodes: only pods that tolerate it (the video workers) land there. */
export const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' } as const;
/** The ScaledObjects whose `awsRegion` the Argo CD Application fills in, one per queue. */
export const QUEUE_SCALED_OBJECT: Readonly<Record<QueueName, string>> = { chunking: 'media-worker-chunking', 'video-worker': 'video-worker', reassembly: 'media-worker-reassembly' };

type TableAccess = 'read' | 'write' | 'delete';
type BucketAccess = 'read' | 'write' | 'presign-upload' | 'delete';

/** What each workload does with the data plane; grants are made from this table and nothing else. */
export interface WorkloadAccess {
  tables: Partial<Record<TableName, readonly TableAccess[]>>;
  buckets: Partial<Record<Bucket, readonly BucketAccess[]>>;
  consumes: readonly QueueName[];
  sends: readonly QueueName[];
}

export const WORKLOAD_ACCESS: Readonly<Record<Workload, WorkloadAccess>> = {
  // Creates jobs, lists them, shows progress; the browser uploads and downloads with presigned URLs.
  'web-ui': {
    // Deleting an ended job (DELETE /api/jobs/{id}) removes its records and objects; another run on a job's
    // video (a preview again, or the whole video) copies its source inside the input bucket.
    tables: { jobs: ['read', 'write', 'delete'], segmentCompletions: ['read', 'delete'] },
    buckets: { input: ['presign-upload', 'read', 'write', 'delete'], output: ['read', 'delete'] },
    consumes: [],
    sends: [],
  },
  // Chunking and reassembly: segments into the input bucket, final.mp4 into the output bucket; the trigger check
  // after chunking (the race) sends to the reassembly queue.
  'media-worker': {
    tables: { jobs: ['read', 'write'], segmentCompletions: ['read'], reassemblyTriggered: ['read', 'write'] },
    buckets: { input: ['read', 'write'], output: ['read', 'write'] },
    consumes: ['chunking', 'reassembly'],
    sends: ['reassembly'],
  },
  'video-worker': {
    tables: { jobs: ['read', 'write'], segmentCompletions: ['read', 'write'], reassemblyTriggered: ['read', 'write'] },
    buckets: { input: ['read'], output: ['write'] },
    consumes: ['video-worker'],
    sends: ['reassembly'],
  },
  'reassembly-trigger': {
    tables: { jobs: ['read'], segmentCompletions: ['read'], reassemblyTriggered: ['read', 'write'] },
    buckets: {},
    consumes: [],
    sends: ['reassembly'],
  },
};
