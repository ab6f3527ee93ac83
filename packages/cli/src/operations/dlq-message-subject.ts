import { parseReassemblyPayload, parseSegmentKey, parseSourceKey, type QueueName } from '@stereo-spot/shared-types';
import { subjectOfS3Event, type MessageSubject } from '@stereo-spot/worker-runtime';

/** How each queue's messages name their job: the same parsers the workers use. */
const SUBJECT_OF: Readonly<Record<QueueName, (body: string) => MessageSubject | undefined>> = {
  chunking: (body) => subjectOfS3Event(body, parseSourceKey),
  'video-worker': (body) => subjectOfS3Event(body, parseSegmentKey),
  reassembly: (body) => {
    try {
      return { jobId: parseReassemblyPayload(body).job_id };
    } catch {
      return undefined;
    }
  },
};

/** The job (and segment) a dead-lettered message of `queue` is about, or undefined when its body names none. */
export function dlqMessageSubject({ queue, body }: { queue: QueueName; body: string }): MessageSubject | undefined {
  return SUBJECT_OF[queue](body);
}
