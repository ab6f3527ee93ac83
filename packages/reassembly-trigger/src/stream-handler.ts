import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { errorMessage, isJobId, type Backend, type Logger } from '@stereo-spot/shared-types';
import { runTriggerCheck, type TriggerOutcome } from './run-trigger-check.js';

type AttributeMap = Parameters<typeof unmarshall>[0];

/** The job a SegmentCompletions stream record is about, or undefined for a record that is not a completion. */
export function jobIdOfRecord(record: DynamoDBRecord): string | undefined {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return undefined;
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.Keys;
  if (!image) return undefined;
  const jobId = unmarshall(image as AttributeMap).job_id;
  return typeof jobId === 'string' && isJobId(jobId) ? jobId : undefined;
}

/**
 * The reassembly-trigger Lambda on the SegmentCompletions stream: each distinct job of the batch is checked once
 * (a batch often holds many segments of one job); a job whose check fails is reported in `batchItemFailures`
 * by its records' sequence numbers, so only it is retried, not the whole batch. A record that is not a
 * completion (REMOVE, no job id) can never succeed and is skipped with an error log.
 */
export function createStreamHandler({ backend, logger }: { backend: Pick<Backend, 'jobs' | 'completions' | 'lock' | 'queues'>; logger: Logger }) {
  return async function handleStreamEvent(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse & { outcomes: Record<string, TriggerOutcome> }> {
    const recordsByJob = new Map<string, DynamoDBRecord[]>();
    for (const record of event.Records) {
      const jobId = jobIdOfRecord(record);
      if (jobId === undefined) {
        if (record.eventName !== 'REMOVE') logger.error({ event_id: record.eventID, event_name: record.eventName }, 'stream record without a valid job_id; skipped');
        continue;
      }
      recordsByJob.set(jobId, [...(recordsByJob.get(jobId) ?? []), record]);
    }
    const outcomes: Record<string, TriggerOutcome> = {};
    const failed: string[] = [];
    await Promise.all(
      [...recordsByJob].map(async ([jobId, records]) => {
        try {
          outcomes[jobId] = await runTriggerCheck({
            jobId,
            jobs: backend.jobs,
            completions: backend.completions,
            lock: backend.lock,
            reassemblyQueue: backend.queues.reassembly,
            logger,
          });
        } catch (error) {
          logger.error({ job_id: jobId, stage: 'trigger', err: errorMessage(error) }, 'trigger check failed; its records will be retried');
          for (const record of records) if (record.dynamodb?.SequenceNumber) failed.push(record.dynamodb.SequenceNumber);
        }
      }),
    );
    // Lambda resumes from the lowest reported sequence number: report them in stream order.
    failed.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })), outcomes };
  };
}
