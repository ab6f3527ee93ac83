import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand, PutCommand, QueryCommand, type BatchWriteCommandInput, type BatchWriteCommandOutput, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { segmentCompletionSchema } from '@stereo-spot/shared-types';
import type { SegmentCompletion, SegmentCompletionStore } from '@stereo-spot/shared-types';
import { callAws } from './aws-errors.js';

/** The SegmentCompletions table (PK job_id, SK segment_index): a put of the same segment overwrites one item. */
export class DynamoSegmentCompletionStore implements SegmentCompletionStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor({ documents, tableName }: { documents: DynamoDBDocumentClient; tableName: string }) {
    this.#documents = documents;
    this.#tableName = tableName;
  }

  async put(completion: SegmentCompletion): Promise<void> {
    const item = segmentCompletionSchema.parse(completion);
    await callAws('put segment completion', () => this.#documents.send(new PutCommand({ TableName: this.#tableName, Item: item })));
  }

  async listByJob(jobId: string): Promise<SegmentCompletion[]> {
    const out: SegmentCompletion[] = [];
    await this.#queryAllPages(jobId, {}, (items) => out.push(...items.map((item) => segmentCompletionSchema.parse(item))));
    return out;
  }

  async countByJob(jobId: string): Promise<number> {
    let count = 0;
    await this.#queryAllPages(jobId, { Select: 'COUNT' }, (_items, pageCount) => (count += pageCount));
    return count;
  }

  async deleteByJob(jobId: string): Promise<number> {
    const keys: Record<string, unknown>[] = [];
    await this.#queryAllPages(jobId, { ProjectionExpression: 'job_id, segment_index' }, (items) => keys.push(...items));
    // BatchWrite takes 25 requests; what it leaves unprocessed (throttling) is sent again.
    for (let i = 0; i < keys.length; i += 25) {
      let requests: BatchWriteCommandInput['RequestItems'] = { [this.#tableName]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) };
      for (let attempt = 0; requests && Object.keys(requests).length > 0; attempt += 1) {
        if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt));
        const batch: BatchWriteCommandInput['RequestItems'] = requests;
        const result: BatchWriteCommandOutput = await callAws('delete segment completions', () => this.#documents.send(new BatchWriteCommand({ RequestItems: batch })));
        requests = result.UnprocessedItems;
      }
    }
    return keys.length;
  }

  /** A query returns at most 1 MB per page: follow LastEvaluatedKey to the end. Strongly consistent, in SK order. */
  async #queryAllPages(jobId: string, extra: Partial<QueryCommandInput>, onPage: (items: Record<string, unknown>[], count: number) => void): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await callAws('query segment completions', () =>
        this.#documents.send(
          new QueryCommand({
            TableName: this.#tableName,
            KeyConditionExpression: 'job_id = :job_id',
            ExpressionAttributeValues: { ':job_id': jobId },
            ConsistentRead: true,
            ...extra,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        ),
      );
      onPage(page.Items ?? [], page.Count ?? 0);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}
