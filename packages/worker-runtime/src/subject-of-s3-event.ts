import { parseS3Event } from '@stereo-spot/shared-types';
import type { MessageSubject } from './message-handler.js';

/** What an S3-event message is about, or undefined when the body or key does not parse (never throws). */
export function subjectOfS3Event(body: string, parseKey: (key: string) => { jobId: string; segmentIndex?: number }): MessageSubject | undefined {
  try {
    const [object] = parseS3Event(body);
    if (!object) return undefined;
    const { jobId, segmentIndex } = parseKey(object.key);
    return { jobId, ...(segmentIndex === undefined ? {} : { segmentIndex }) };
  } catch {
    return undefined;
  }
}
