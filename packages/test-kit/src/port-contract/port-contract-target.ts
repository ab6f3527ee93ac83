import type { Backend } from '@stereo-spot/shared-types';

/** How a port contract suite reaches one adapter set: a fresh, isolated backend per test. */
export interface PortContractTarget {
  /** Names the suite in the test report ("local", "aws"). */
  name: string;
  /** A backend of its own (unique resources), with its queues' `maxReceiveCount` set to `maxReceiveCount`. */
  open(args: { maxReceiveCount: number }): Promise<{ backend: Backend; cleanup(): Promise<void> }>;
}
