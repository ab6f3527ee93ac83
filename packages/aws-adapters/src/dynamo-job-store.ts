import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ACTIVE_JOB_STATUSES, assertSegmentFrames, ConflictError, decodeCursor, encodeCursor, FINAL_JOB_STATUSES, jobPatchSchema, jobSchema, parseUnset, UsageError } from '@stereo-spot/shared-types';
import type { DeleteResult, Job, JobPage, JobPatch, JobPatchField, JobStatus, JobStore, TransitionResult } from '@stereo-spot/shared-types';
import { callAws } from './aws-errors.js';
import { conditionally } from './dynamo-conditional.js';


/** The GSI that lists jobs of one status by `completed_at` (DESIGN: `status-completed_at`). */
export const COMPLETED_INDEX_NAME = 'status-completed_at';
/** The GSI that holds every job, by status and `updated_at`: operators list the jobs of any status. */
export const UPDATED_INDEX_NAME = 'status-updated_at';

/** The sort attribute of each listing index (what its cursors hold). */
const SORT_ATTRIBUTE = { [COMPLETED_INDEX_NAME]: 'completed_at', [UPDATED_INDEX_NAME]: 'updated_at' } as const;
type ListingIndex = keyof typeof SORT_ATTRIBUTE;


function isActive(status: unknown): boolean {
  return (ACTIVE_JOB_STATUSES as readonly unknown[]).includes(status);
}

/** The request parameters of a transition, kept apart from sending it so unit tests can read them. */
export function transitionRequest({
  tableName,
  jobId,
  from,
  to,
  patch = {},
  unset,
  now,
}: {
  tableName: string;
  jobId: string;
  from: readonly JobStatus[];
  to: JobStatus;
  patch?: JobPatch;
  unset?: readonly JobPatchField[];
  now: number;
}) {
  const fields = jobPatchSchema.parse(patch);
  const removed = parseUnset({ patch: fields, unset });
  const names: Record<string, string> = { '#status': 'status', '#updated_at': 'updated_at' };
  const values: Record<string, unknown> = { ':to': to, ':now': now };
  const sets = ['#status = :to', '#updated_at = :now'];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    // Whole top-level attributes are replaced, never merged, so a new `error` or `source` keeps no old keys.
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  }
  if (to === 'completed' && fields.completed_at === undefined) {
    // A completed job always has a completed_at (the GSI's sort key), kept if it was set before.
    names['#completed_at'] = 'completed_at';
    sets.push('#completed_at = if_not_exists(#completed_at, :now)');
  }
  for (const name of removed) names[`#${name}`] = name;
  const remove = removed.length > 0 ? ` REMOVE ${removed.map((name) => `#${name}`).join(', ')}` : '';
  const fromNames = from.map((_, i) => `:from${i}`);
  from.forEach((status, i) => (values[`:from${i}`] = status));
  return {
    TableName: tableName,
    Key: { job_id: jobId },
    UpdateExpression: `SET ${sets.join(', ')}${remove}`,
    // `IN` fails on a missing item too (no status), so a transition never creates a job.
    ConditionExpression: `#status IN (${fromNames.join(', ')})`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_NEW' as const,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/** The Jobs table on DynamoDB: conditional status transitions, completed jobs newest first through the GSI. */
export class DynamoJobStore implements JobStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor({ documents, tableName }: { documents: DynamoDBDocumentClient; tableName: string }) {
    this.#documents = documents;
    this.#tableName = tableName;
  }

  async create(job: Job): Promise<void> {
    const item = jobSchema.parse(job);
    const outcome = await callAws('create job', () =>
      conditionally(() =>
        this.#documents.send(new PutCommand({ TableName: this.#tableName, Item: item, ConditionExpression: 'attribute_not_exists(job_id)' })),
      ),
    );
    if (!outcome.applied) throw new ConflictError(`job ${item.job_id} already exists`);
  }

  async get(jobId: string): Promise<Job | undefined> {
    const result = await callAws('get job', () => this.#documents.send(new GetCommand({ TableName: this.#tableName, Key: { job_id: jobId }, ConsistentRead: true })));
    return result.Item ? jobSchema.parse(result.Item) : undefined;
  }

  async transition(args: { jobId: string; from: readonly JobStatus[]; to: JobStatus; patch?: JobPatch; unset?: readonly JobPatchField[] }): Promise<TransitionResult> {
    const request = transitionRequest({ ...args, tableName: this.#tableName, now: Date.now() });
    if (args.from.length === 0) return { applied: false, current: await this.get(args.jobId) };
    const outcome = await callAws('transition job', () => conditionally(() => this.#documents.send(new UpdateCommand(request))));
    if (outcome.applied) return { applied: true, job: jobSchema.parse(outcome.value.Attributes) };
    return { applied: false, current: outcome.current ? jobSchema.parse(outcome.current) : undefined };
  }

  async recordSegmentFrames({ jobId, segmentIndex, frames }: { jobId: string; segmentIndex: number; frames: number }): Promise<boolean> {
    assertSegmentFrames({ segmentIndex, frames });
    const active = Object.fromEntries(ACTIVE_JOB_STATUSES.map((status, i) => [`:active${i}`, status]));
    const activeCondition = `#status IN (${Object.keys(active).join(', ')})`;
    const names = { '#status': 'status', '#frames': 'segment_frames', '#index': String(segmentIndex) };
    // A nested SET needs its map: the first write of a job creates it (a concurrent one may have done so).
    const setFrames = () =>
      conditionally(() =>
        this.#documents.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: { job_id: jobId },
            UpdateExpression: 'SET #frames.#index = :frames',
            ConditionExpression: `${activeCondition} AND attribute_exists(#frames) AND (attribute_not_exists(#frames.#index) OR #frames.#index < :frames)`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ...active, ':frames': frames },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
    const outcome = await callAws('record segment frames', setFrames);
    if (outcome.applied) return true;
    // Refused: the job is gone or ended (false), the count is not higher (nothing to do), or the map is missing.
    const current = outcome.current;
    if (current === null || !isActive(current.status)) return false;
    if (current.segment_frames !== undefined) return true;
    const created = await callAws('record segment frames', () =>
      conditionally(() =>
        this.#documents.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: { job_id: jobId },
            UpdateExpression: 'SET #frames = if_not_exists(#frames, :empty)',
            ConditionExpression: activeCondition,
            ExpressionAttributeNames: { '#status': 'status', '#frames': 'segment_frames' },
            ExpressionAttributeValues: { ...active, ':empty': {} },
          }),
        ),
      ),
    );
    if (!created.applied) return false;
    const retried = await callAws('record segment frames', setFrames);
    return retried.applied || (retried.current !== null && isActive(retried.current.status));
  }

  async delete({ jobId }: { jobId: string }): Promise<DeleteResult> {
    const ended = Object.fromEntries(FINAL_JOB_STATUSES.map((status, i) => [`:ended${i}`, status]));
    const outcome = await callAws('delete job', () =>
      conditionally(() =>
        this.#documents.send(
          new DeleteCommand({
            TableName: this.#tableName,
            Key: { job_id: jobId },
            ConditionExpression: `#status IN (${Object.keys(ended).join(', ')})`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: ended,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      ),
    );
    if (outcome.applied) return { deleted: true };
    return { deleted: false, current: outcome.current ? jobSchema.parse(outcome.current) : undefined };
  }

  async listCompleted({ limit, cursor }: { limit: number; cursor?: string }): Promise<JobPage> {
    return this.#query({ index: COMPLETED_INDEX_NAME, status: 'completed', limit, cursor, what: 'list completed jobs' });
  }

  async list({ status, limit, cursor }: { status: JobStatus; limit: number; cursor?: string }): Promise<JobPage> {
    return this.#query({ index: UPDATED_INDEX_NAME, status, limit, cursor, what: `list ${status} jobs` });
  }

  /** One page of an index's partition, newest first. */
  async #query({ index, status, limit, cursor, what }: { index: ListingIndex; status: JobStatus; limit: number; cursor?: string; what: string }): Promise<JobPage> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`limit must be a positive integer, got ${limit}`);
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const sortAttribute = SORT_ATTRIBUTE[index];
    // One more than asked: a full last page then ends without a cursor, as on the embedded backend.
    const result = await callAws(what, () =>
      this.#documents.send(
        new QueryCommand({
          TableName: this.#tableName,
          IndexName: index,
          KeyConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status },
          ScanIndexForward: false,
          Limit: limit + 1,
          ...(after ? { ExclusiveStartKey: { job_id: after.jobId, status, [sortAttribute]: after.at } } : {}),
        }),
      ),
    );
    const items = (result.Items ?? []).map((item) => jobSchema.parse(item));
    const jobs = items.slice(0, limit);
    const last = jobs.at(-1);
    const more = items.length > limit || (result.LastEvaluatedKey !== undefined && items.length === limit + 1);
    if (more && last) return { jobs, nextCursor: encodeCursor({ at: last[sortAttribute] ?? 0, jobId: last.job_id }) };
    return { jobs };
  }
}
