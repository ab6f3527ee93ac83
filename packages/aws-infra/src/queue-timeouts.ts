import type { QueueName } from '@stereo-spot/shared-types';

/**
 * Visibility timeout per queue, in seconds. Workers renew visibility every third of it while they work, so the
 * timeout is only how soon a crashed worker's message comes back: short for the quick stages, longer for the
 * video stage whose pods may lose a spot node mid-segment and whose heartbeat should survive GC pauses under load.
 */
export const QUEUE_VISIBILITY_TIMEOUT_SEC: Readonly<Record<QueueName, number>> = {
  chunking: 300,
  'video-worker': 900,
  reassembly: 600,
};
