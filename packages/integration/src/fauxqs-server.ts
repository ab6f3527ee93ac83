import { buildApp } from 'fauxqs';

export interface ObjectUploaded {
  bucket: string;
  key: string;
}

export interface SqsS3Emulator {
  endpoint: string;
  /** Called for every object stored (put, copy or completed multipart upload), as S3 notifications would be. */
  onObjectUploaded(listener: (event: ObjectUploaded) => void): () => void;
  stop(): Promise<void>;
}

/** The object a successful S3 request created, if it created one: PUT of a whole object, or completing a multipart upload. */
export function objectCreatedBy({ method, url, statusCode }: { method: string; url: string; statusCode: number }): ObjectUploaded | undefined {
  if (statusCode !== 200) return undefined;
  const parsed = new URL(url, 'http://emulator');
  const [bucket, ...keyParts] = parsed.pathname.slice(1).split('/');
  if (!bucket || keyParts.length === 0) return undefined;
  const key = keyParts.map((part) => decodeURIComponent(part)).join('/');
  if (key === '') return undefined;
  const query = parsed.searchParams;
  const createsObject = (method === 'PUT' && !query.has('uploadId') && !query.has('partNumber')) || (method === 'POST' && query.has('uploadId'));
  return createsObject ? { bucket, key } : undefined;
}

/**
 * fauxqs (SQS + S3 in this process), listening on a free loopback port only. It accepts bucket notification
 * configuration but does not deliver it, so the uploads it stores are reported to listeners here and the test
 * harness forwards them to the queues, as S3 would.
 */
export async function startSqsS3Emulator(): Promise<SqsS3Emulator> {
  const app = buildApp({ logger: false, host: '127.0.0.1' });
  const listeners = new Set<(event: ObjectUploaded) => void>();
  app.addHook('onResponse', async (request, reply) => {
    const created = objectCreatedBy({ method: request.method, url: request.url, statusCode: reply.statusCode });
    if (created) for (const listener of listeners) listener(created);
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    endpoint: address,
    onObjectUploaded(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => app.close(),
  };
}
