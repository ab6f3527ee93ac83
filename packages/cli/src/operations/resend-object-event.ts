import { buildS3Event, queuesNotifiedFor, type Backend, type Bucket, type StoredObject } from '@stereo-spot/shared-types';

/**
 * Sends the S3 event an object's upload sent, to the queues the notification rules name for it: how an operator
 * restarts the stage that consumes the object without uploading it again. Returns the queues it went to.
 */
export async function resendObjectEvent({ backend, bucket, object }: { backend: Pick<Backend, 'queues' | 'storage'>; bucket: Bucket; object: StoredObject }): Promise<string[]> {
  const queues = queuesNotifiedFor({ bucket, key: object.key });
  const body = JSON.stringify(buildS3Event({ bucketName: backend.storage.bucketName(bucket), key: object.key, size: object.size }));
  for (const queue of queues) await backend.queues[queue].send({ body });
  return queues;
}
