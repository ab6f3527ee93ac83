import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StreamLambdaRunner {
  /** Every record delivered so far, as the Lambda saw it (tests replay them as duplicates). */
  readonly delivered: DynamoDBRecord[];
  /** Invocations and records, for the benchmark. */
  readonly stats: { invocations: number; records: number; retries: number };
  stop(): Promise<void>;
}

/** A Streams record in the shape a Lambda event carries (dates as epoch seconds). */
export function toLambdaRecord(record: _Record): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'us-east-1',
    dynamodb: {
      ...(dynamodb as DynamoDBRecord['dynamodb']),
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}),
    },
  };
}

/**
 * What the Lambda event source mapping does, against DynamoDB Local: reads the table's stream shard by shard,
 * invokes the real handler with batches of real records, and with ReportBatchItemFailures re-delivers from the
 * lowest failed sequence number (up to `maxRetries` times, then the batch is dropped, as with
 * MaximumRetryAttempts).
 */
export async function startStreamLambda({
  dynamoEndpoint,
  tableName,
  handler,
  pollMs = 100,
  batchSize = 100,
  maxRetries = 5,
}: {
  dynamoEndpoint: string;
  tableName: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  pollMs?: number;
  batchSize?: number;
  maxRetries?: number;
}): Promise<StreamLambdaRunner> {
  const settings = { endpoint: dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const dynamo = new DynamoDBClient(settings);
  const streams = new DynamoDBStreamsClient(settings);
  const table = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${tableName} has no stream`);
  const stopping = new AbortController();
  const runner: StreamLambdaRunner & { delivered: DynamoDBRecord[] } = {
    delivered: [],
    stats: { invocations: 0, records: 0, retries: 0 },
    stop: async () => undefined,
  };
  const iterators = new Map<string, string | undefined>();
  /** Last sequence number read per shard: where to resume when an iterator has to be fetched again. */
  const positions = new Map<string, string>();
  let pending: DynamoDBRecord[] = [];
  let attempts = 0;

  async function discoverShards(): Promise<void> {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      iterators.set(shard.ShardId, await freshIterator(shard.ShardId));
    }
  }

  async function freshIterator(shardId: string): Promise<string | undefined> {
    const after = positions.get(shardId);
    const iterator = await streams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }) }),
    );
    return iterator.ShardIterator;
  }

  async function readShard(shardId: string, iterator: string): Promise<DynamoDBRecord[]> {
    try {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));
      iterators.set(shardId, page.NextShardIterator);
      const records = (page.Records ?? []).map(toLambdaRecord);
      const last = records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) positions.set(shardId, last);
      return records;
    } catch (error) {
      // DynamoDB Local answers an iterator taken on an empty shard (or one that expired) this way: take a new one.
      const name = (error as { name?: string }).name;
      if (name === 'TrimmedDataAccessException' || name === 'ExpiredIteratorException') {
        iterators.set(shardId, await freshIterator(shardId));
        return [];
      }
      throw error;
    }
  }

  async function deliver(records: DynamoDBRecord[]): Promise<void> {
    runner.stats.invocations += 1;
    runner.stats.records += records.length;
    runner.delivered.push(...records);
    const response = await handler({ Records: records }).catch(() => ({ batchItemFailures: [{ itemIdentifier: records[0]?.dynamodb?.SequenceNumber ?? '' }] }));
    const failures = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    if (failures.length === 0) {
      attempts = 0;
      return;
    }
    const lowest = records.findIndex((record) => failures.includes(record.dynamodb?.SequenceNumber ?? ''));
    attempts += 1;
    if (attempts > maxRetries) {
      attempts = 0;
      return;
    }
    runner.stats.retries += 1;
    pending = records.slice(Math.max(0, lowest));
  }

  const loop = (async () => {
    let rounds = 0;
    while (!stopping.signal.aborted) {
      try {
        if (rounds % 20 === 0 || iterators.size === 0) await discoverShards();
        rounds += 1;
        if (pending.length > 0) {
          const retry = pending;
          pending = [];
          await deliver(retry);
        }
        for (const [shardId, iterator] of iterators) {
          if (!iterator) continue;
          const records = await readShard(shardId, iterator);
          if (records.length > 0) await deliver(records);
        }
      } catch (error) {
        if (stopping.signal.aborted) break;
        console.error('stream runner:', error);
      }
      await sleep(pollMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  })();

  runner.stop = async () => {
    stopping.abort();
    await loop;
    dynamo.destroy();
    streams.destroy();
  };
  return runner;
}
