import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * The outcome of a conditional write: `undefined` when it applied; otherwise the item as it was (asked for with
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD`, so the loser learns the current state without another read),
 * or `null` when there was no item.
 */
export type ConditionalOutcome<T> = { applied: true; value: T } | { applied: false; current: Record<string, unknown> | null };

export async function conditionally<T>(write: () => Promise<T>): Promise<ConditionalOutcome<T>> {
  try {
    return { applied: true, value: await write() };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') {
      const item = (error as ConditionalCheckFailedException).Item;
      return { applied: false, current: item ? unmarshall(item) : null };
    }
    throw error;
  }
}
