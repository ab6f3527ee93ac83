import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReassemblyLock, ReassemblyLockRecord } from '@stereo-spot/shared-types';
import { callAws } from './aws-errors.js';
import { conditionally } from './dynamo-conditional.js';

/** TTL given to a record that `tryAcquire` has to create (a reassembly message replayed after the record expired). */
export const DEFAULT_LOCK_TTL_SEC = 7 * 24 * 3600;

/** DynamoDB deletes expired items lazily (up to days later): a record past its `ttl` is treated as absent. */
const ABSENT_OR_EXPIRED = 'attribute_not_exists(job_id) OR #ttl < :nowSec';

export function tryCreateRequest({ tableName, jobId, ttlSec, now }: { tableName: string; jobId: string; ttlSec: number; now: number }) {
  const nowSec = Math.floor(now / 1000);
  return {
    TableName: tableName,
    Item: { job_id: jobId, triggered_at: now, ttl: nowSec + Math.ceil(ttlSec) },
    ConditionExpression: ABSENT_OR_EXPIRED,
    ExpressionAttributeNames: { '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':nowSec': nowSec },
  };
}

export function tryAcquireRequest({ tableName, jobId, owner, leaseSec, now }: { tableName: string; jobId: string; owner: string; leaseSec: number; now: number }) {
  return {
    TableName: tableName,
    Key: { job_id: jobId },
    // The first start time is kept when a dead holder's lease is taken over.
    UpdateExpression: 'SET reassembly_started_at = if_not_exists(reassembly_started_at, :now), #owner = :owner, lease_until = :until',
    // Only a live (unexpired) record whose lease is free: never started, released, or lapsed.
    ConditionExpression:
      'attribute_exists(job_id) AND #ttl >= :nowSec AND (attribute_not_exists(reassembly_started_at) OR attribute_not_exists(lease_until) OR lease_until < :now)',
    ExpressionAttributeNames: { '#owner': 'owner', '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':now': now, ':nowSec': Math.floor(now / 1000), ':owner': owner, ':until': now + Math.round(leaseSec * 1000) },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

function toRecord(item: Record<string, unknown>): ReassemblyLockRecord {
  return {
    job_id: String(item.job_id),
    triggered_at: Number(item.triggered_at),
    ...(item.reassembly_started_at === undefined ? {} : { reassembly_started_at: Number(item.reassembly_started_at) }),
    ...(item.owner === undefined ? {} : { owner: String(item.owner) }),
    ...(item.lease_until === undefined ? {} : { lease_until: Number(item.lease_until) }),
    ttl: Number(item.ttl),
  };
}

const isLive = (item: Record<string, unknown> | null, nowSec: number): item is Record<string, unknown> => item !== null && Number(item.ttl) >= nowSec;

/** The ReassemblyTriggered table: one conditional create per job (the trigger), then a lease for the reassembler. */
export class DynamoReassemblyLock implements ReassemblyLock {
  readonly #documents: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor({ documents, tableName }: { documents: DynamoDBDocumentClient; tableName: string }) {
    this.#documents = documents;
    this.#tableName = tableName;
  }

  async tryCreate({ jobId, ttlSec }: { jobId: string; ttlSec: number }): Promise<boolean> {
    const request = tryCreateRequest({ tableName: this.#tableName, jobId, ttlSec, now: Date.now() });
    const outcome = await callAws('create reassembly trigger', () => conditionally(() => this.#documents.send(new PutCommand(request))));
    return outcome.applied;
  }

  async tryAcquire({ jobId, owner, leaseSec }: { jobId: string; owner: string; leaseSec: number }): Promise<boolean> {
    const now = Date.now();
    const request = tryAcquireRequest({ tableName: this.#tableName, jobId, owner, leaseSec, now });
    const outcome = await callAws('acquire reassembly lease', () => conditionally(() => this.#documents.send(new UpdateCommand(request))));
    if (outcome.applied) return true;
    if (isLive(outcome.current, Math.floor(now / 1000))) return false;
    // Missing or expired: an operator may replay a reassembly message after the record expired. Create it held.
    const created = await callAws('create reassembly lease', () =>
      conditionally(() =>
        this.#documents.send(
          new PutCommand({
            ...tryCreateRequest({ tableName: this.#tableName, jobId, ttlSec: DEFAULT_LOCK_TTL_SEC, now }),
            Item: {
              job_id: jobId,
              triggered_at: now,
              reassembly_started_at: now,
              owner,
              lease_until: now + Math.round(leaseSec * 1000),
              ttl: Math.floor(now / 1000) + DEFAULT_LOCK_TTL_SEC,
            },
          }),
        ),
      ),
    );
    return created.applied;
  }

  async renew({ jobId, owner, leaseSec }: { jobId: string; owner: string; leaseSec: number }): Promise<boolean> {
    return this.#setLeaseIfOwner({ jobId, owner, leaseUntil: Date.now() + Math.round(leaseSec * 1000), what: 'renew reassembly lease' });
  }

  async release({ jobId, owner }: { jobId: string; owner: string }): Promise<void> {
    await this.#setLeaseIfOwner({ jobId, owner, leaseUntil: 0, what: 'release reassembly lease' });
  }

  async get(jobId: string): Promise<ReassemblyLockRecord | undefined> {
    const result = await callAws('get reassembly trigger', () => this.#documents.send(new GetCommand({ TableName: this.#tableName, Key: { job_id: jobId }, ConsistentRead: true })));
    const item = result.Item ?? null;
    return isLive(item, Math.floor(Date.now() / 1000)) ? toRecord(item) : undefined;
  }

  async clear(jobId: string): Promise<void> {
    await callAws('clear reassembly trigger', () => this.#documents.send(new DeleteCommand({ TableName: this.#tableName, Key: { job_id: jobId } })));
  }

  async #setLeaseIfOwner({ jobId, owner, leaseUntil, what }: { jobId: string; owner: string; leaseUntil: number; what: string }): Promise<boolean> {
    const outcome = await callAws(what, () =>
      conditionally(() =>
        this.#documents.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: { job_id: jobId },
            UpdateExpression: 'SET lease_until = :until',
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner, ':until': leaseUntil },
          }),
        ),
      ),
    );
    return outcome.applied;
  }
}
