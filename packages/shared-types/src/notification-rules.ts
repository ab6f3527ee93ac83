import type { Bucket } from './buckets.js';
import type { QueueName } from './stages.js';

/** Which object-created events go to which queue: the same rules for S3 notifications and the embedded backend. */
export interface NotificationRule {
  bucket: Bucket;
  prefix: string;
  suffix: string;
  queue: QueueName;
}

export const NOTIFICATION_RULES: readonly NotificationRule[] = [
  { bucket: 'input', prefix: 'input/', suffix: '.mp4', queue: 'chunking' },
  { bucket: 'input', prefix: 'segments/', suffix: '.mp4', queue: 'video-worker' },
];

export function queuesNotifiedFor({ bucket, key }: { bucket: Bucket; key: string }): QueueName[] {
  return NOTIFICATION_RULES.filter((rule) => rule.bucket === bucket && key.startsWith(rule.prefix) && key.endsWith(rule.suffix)).map(
    (rule) => rule.queue,
  );
}
