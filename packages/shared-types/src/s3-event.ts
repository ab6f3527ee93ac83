import { z } from 'zod';
import { InvalidMessageError } from './errors.js';

/**
 * The S3 event notification JSON that lands on the chunking and video-worker queues. The embedded backend
 * emits exactly this shape, so the workers parse one format whatever the backend.
 */
const s3EventRecordSchema = z.object({
  eventVersion: z.string(),
  eventSource: z.literal('aws:s3'),
  awsRegion: z.string(),
  eventTime: z.string(),
  eventName: z.string(),
  s3: z.object({
    s3SchemaVersion: z.string(),
    configurationId: z.string().optional(),
    bucket: z.object({ name: z.string(), arn: z.string().optional() }),
    object: z.object({
      key: z.string(),
      size: z.number().optional(),
      eTag: z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});
export const s3EventSchema = z.object({ Records: z.array(s3EventRecordSchema).min(1) });
export type S3Event = z.infer<typeof s3EventSchema>;
export type S3EventRecord = z.infer<typeof s3EventRecordSchema>;

/** S3 sends this once when a notification configuration is created; workers drop it. */
const s3TestEventSchema = z.object({ Event: z.literal('s3:TestEvent') }).loose();

export interface ObjectCreated {
  bucketName: string;
  key: string;
  size?: number;
}

export function buildS3Event({
  bucketName,
  key,
  size,
  eTag,
  region = 'local',
  configurationId,
  now = new Date(),
}: ObjectCreated & { eTag?: string; region?: string; configurationId?: string; now?: Date }): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: now.toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          ...(configurationId ? { configurationId } : {}),
          bucket: { name: bucketName, arn: `arn:aws:s3:::${bucketName}` },
          // S3 URL-encodes keys in events (space as '+').
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), ...(size === undefined ? {} : { size }), ...(eTag ? { eTag } : {}), sequencer: now.getTime().toString(16).toUpperCase() },
        },
      },
    ],
  };
}

/**
 * The objects a queue message announces: none for S3's test event; `InvalidMessageError` for anything
 * that is not S3 event JSON.
 */
export function parseS3Event(body: string): ObjectCreated[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidMessageError('message body is not JSON');
  }
  if (s3TestEventSchema.safeParse(json).success) return [];
  const parsed = s3EventSchema.safeParse(json);
  if (!parsed.success) throw new InvalidMessageError(`message body is not an S3 event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data.Records.filter((record) => record.eventName.startsWith('ObjectCreated:')).map((record) => ({
    bucketName: record.s3.bucket.name,
    key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
    ...(record.s3.object.size === undefined ? {} : { size: record.s3.object.size }),
  }));
}
