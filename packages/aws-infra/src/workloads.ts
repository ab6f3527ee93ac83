import type { Bucket, QueueName } from '@stereo-spot/shared-types';
import type { TableName } from '@stereo-spot/aws-adapters';

/** Everything that runs with an AWS identity: three container images on EKS and the trigger Lambda. */
export const POD_WORKLOADS = ['web-ui', 'media-worker', 'video-worker'] as const;
export type PodWorkload = (typeof POD_WORKLOADS)[number];
export type Workload = PodWorkload | 'reassembly-trigger';

type TableAccess = 'read' | 'write';
type BucketAccess = 'read' | 'write' | 'presign-upload';

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
    tables: { jobs: ['read', 'write'], segmentCompletions: ['read'] },
    buckets: { input: ['presign-upload'], output: ['read'] },
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
