import { confirmChange } from './confirm-change.js';
import { describeDlqMessage, describeNotFound, logDone, selectDlqMessages, type DlqChangeOptions } from './dlq-messages.js';

/** `dlq purge`: deletes the chosen dead-lettered messages for good, after showing them. */
export async function dlqPurge({ backend, queue, messageIds, all, yes, json, io, logger }: DlqChangeOptions): Promise<void> {
  const { selected, notFound } = await selectDlqMessages({ backend, queue, messageIds, all });
  if (selected.length > 0) {
    await confirmChange({ io, yes, summary: [`purge from the ${queue} dead-letter queue, for good:`, ...selected.map((entry) => `  ${describeDlqMessage(entry)}`)] });
  }
  // Only the messages shown: one that arrived since is left for the next look.
  const outcome = selected.length > 0 ? await backend.deadLetterQueue(queue).purge({ messageIds: selected.map(({ message }) => message.id) }) : { done: [], notFound: [] };
  logDone({ logger, queue, entries: selected, done: outcome.done, event: 'dead letter purged' });
  const missing = [...notFound, ...outcome.notFound];
  if (json) {
    io.out(JSON.stringify({ queue, purged: outcome.done, not_found: missing }));
    return;
  }
  io.out([...missing.map(describeNotFound), `purged ${outcome.done.length}, not found ${missing.length}`].join('\n'));
}
