import { parseS3Event } from '@stereo-spot/shared-types';

/** The job an S3-event message is about, or undefined when the body or key does not parse (never throws). */
export function jobIdFromS3Event(body: string, parseKey: (key: string) => { jobId: string }): string | undefined {
  try {
    const [object] = parseS3Event(body);
    return object ? parseKey(object.key).jobId : undefined;
  } catch {
    return undefined;
  }
}
