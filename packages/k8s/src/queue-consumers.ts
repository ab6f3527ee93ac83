import { QUEUE_SCALED_OBJECT, type PodWorkload } from '@stereo-spot/aws-infra/workloads';
import type { QueueName } from '@stereo-spot/shared-types';

/** One Deployment per queue: the workers that consume it, how they scale and how long they may take to stop. */
export interface QueueConsumer {
  /** Deployment and ScaledObject name (the Argo CD Application patches the ScaledObject by it). */
  name: string;
  workload: PodWorkload;
  /** `stereo-spot worker <role>`. */
  role: 'chunking' | 'reassembly' | 'video';
  /** KEDA bounds; 0 lets the workload (and, for GPUs, its nodes) go away when there is nothing to do. */
  minReplicas: number;
  maxReplicas: number;
  /** Messages (waiting + in flight) per pod that KEDA aims for. */
  messagesPerPod: number;
  /**
   * Seconds a stopping worker may finish the message in hand before releasing it (`--grace-seconds`); the pod's
   * termination grace adds a margin. A video segment of 300 s at 1080p takes minutes on a GPU.
   */
  graceSeconds: number;
  resources: { cpu: string; memory: string; gpu?: number };
}

export const QUEUE_CONSUMERS: Readonly<Record<QueueName, QueueConsumer>> = {
  chunking: { name: QUEUE_SCALED_OBJECT['chunking'], workload: 'media-worker', role: 'chunking', minReplicas: 1, maxReplicas: 10, messagesPerPod: 1, graceSeconds: 240, resources: { cpu: '1', memory: '1Gi' } },
  reassembly: { name: QUEUE_SCALED_OBJECT['reassembly'], workload: 'media-worker', role: 'reassembly', minReplicas: 1, maxReplicas: 5, messagesPerPod: 1, graceSeconds: 240, resources: { cpu: '1', memory: '1Gi' } },
  'video-worker': { name: QUEUE_SCALED_OBJECT['video-worker'], workload: 'video-worker', role: 'video', minReplicas: 0, maxReplicas: 16, messagesPerPod: 1, graceSeconds: 600, resources: { cpu: '3', memory: '12Gi', gpu: 1 } },
};
