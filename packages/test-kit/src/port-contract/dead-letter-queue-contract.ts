import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '@stereo-spot/shared-types';
import type { Backend, QueueName } from '@stereo-spot/shared-types';
import type { PortContractTarget } from './port-contract-target.js';

/** Sends `bodies` to `queue` and receives them past `maxReceiveCount` (1), so the queue's redrive moves them to its dead-letter queue. */
async function deadLetter({ backend, queue, bodies }: { backend: Backend; queue: QueueName; bodies: string[] }): Promise<void> {
  for (const body of bodies) await backend.queues[queue].send({ body });
  let received = 0;
  while (received < bodies.length) {
    const batch = await backend.queues[queue].receive({ maxMessages: 10, waitSeconds: 1, visibilityTimeoutSec: 0 });
    assert.ok(batch.length > 0, 'the messages were sent');
    received += batch.length;
  }
  // The next receive finds them received maxReceiveCount times: redriven, not delivered.
  assert.deepEqual(await backend.queues[queue].receive({ maxMessages: 10, waitSeconds: 1, visibilityTimeoutSec: 0 }), []);
}

async function drainBodies({ backend, queue }: { backend: Backend; queue: QueueName }): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const batch = await backend.queues[queue].receive({ maxMessages: 10, waitSeconds: 1, visibilityTimeoutSec: 30 });
    if (batch.length === 0) return bodies.sort();
    for (const message of batch) {
      bodies.push(message.body);
      await backend.queues[queue].delete(message.receiptHandle);
    }
  }
}

/** DeadLetterQueue: an operator looks without taking, sends messages back to their queue, or discards them. */
export function deadLetterQueueContract(target: PortContractTarget): void {
  test(`[${target.name}] DeadLetterQueue: count and peek look without taking; a peek past its limit leaves the rest alone`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 1 });
    t.after(cleanup);
    const before = Date.now() - 1000;
    await deadLetter({ backend, queue: 'chunking', bodies: ['a', 'b', 'c'] });
    const dlq = backend.deadLetterQueue('chunking');
    assert.equal(dlq.name, 'chunking');
    assert.equal(await dlq.count(), 3);
    assert.equal(await backend.deadLetterQueue('reassembly').count(), 0, 'dead-letter queues are separate');

    const first = await dlq.peek({ limit: 10 });
    assert.deepEqual(first.map((m) => m.body).sort(), ['a', 'b', 'c']);
    for (const message of first) {
      assert.ok(message.id);
      assert.ok(message.sentAt >= before && message.sentAt <= Date.now() + 1000, 'first-sent time');
      assert.ok(Number.isSafeInteger(message.receiveCount) && message.receiveCount >= 0, 'a receive count');
    }
    assert.deepEqual((await dlq.peek({ limit: 2 })).length, 2);
    const again = await dlq.peek({ limit: 10 });
    assert.deepEqual(again.map((m) => m.id).sort(), first.map((m) => m.id).sort(), 'the same messages, all back in view after each peek');
    assert.equal(await dlq.count(), 3);
    const received = await dlq.receive({ maxMessages: 10, waitSeconds: 1, visibilityTimeoutSec: 0 });
    assert.ok(received.length > 0, 'still receivable (workers watch the dead-letter queue)');
    await assert.rejects(dlq.peek({ limit: 0 }), UsageError);
  });

  test(`[${target.name}] DeadLetterQueue: replay sends the chosen messages back to their queue and removes them; unknown ids are reported`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 1 });
    t.after(cleanup);
    await deadLetter({ backend, queue: 'video-worker', bodies: ['one', 'two', 'three'] });
    const dlq = backend.deadLetterQueue('video-worker');
    const messages = await dlq.peek({ limit: 10 });
    const one = messages.find((m) => m.body === 'one');
    assert.ok(one);

    assert.deepEqual(await dlq.replay({ messageIds: [one.id, 'no-such-message'] }), { done: [one.id], notFound: ['no-such-message'] });
    assert.deepEqual(await drainBodies({ backend, queue: 'video-worker' }), ['one']);
    assert.equal(await dlq.count(), 2);
    assert.deepEqual((await dlq.peek({ limit: 10 })).map((m) => m.body).sort(), ['three', 'two']);
    assert.deepEqual(await dlq.replay({ messageIds: [] }), { done: [], notFound: [] }, 'an empty selection is not "all"');
    assert.equal(await dlq.count(), 2);

    const all = await dlq.replay({});
    assert.equal(all.done.length, 2);
    assert.deepEqual(all.notFound, []);
    assert.equal(await dlq.count(), 0);
    assert.deepEqual(await drainBodies({ backend, queue: 'video-worker' }), ['three', 'two']);
    assert.deepEqual(await drainBodies({ backend, queue: 'chunking' }), [], 'only to its own queue');
  });

  test(`[${target.name}] DeadLetterQueue: a replayed message is a fresh one: delivered again as often as the queue allows`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 1 });
    t.after(cleanup);
    await deadLetter({ backend, queue: 'reassembly', bodies: ['again'] });
    const dlq = backend.deadLetterQueue('reassembly');
    assert.equal((await dlq.replay({})).done.length, 1);
    const [message] = await backend.queues.reassembly.receive({ maxMessages: 1, waitSeconds: 1, visibilityTimeoutSec: 0 });
    assert.equal(message?.body, 'again');
    assert.equal(message?.receiveCount, 1, 'its receive count starts again');
  });

  test(`[${target.name}] DeadLetterQueue: purge discards the chosen messages, or all`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 1 });
    t.after(cleanup);
    await deadLetter({ backend, queue: 'chunking', bodies: ['x', 'y', 'z'] });
    const dlq = backend.deadLetterQueue('chunking');
    const x = (await dlq.peek({ limit: 10 })).find((m) => m.body === 'x');
    assert.ok(x);
    assert.deepEqual(await dlq.purge({ messageIds: [x.id] }), { done: [x.id], notFound: [] });
    assert.deepEqual((await dlq.peek({ limit: 10 })).map((m) => m.body).sort(), ['y', 'z']);
    assert.deepEqual(await dlq.purge({ messageIds: [x.id] }), { done: [], notFound: [x.id] }, 'gone for good');
    assert.equal((await dlq.purge({})).done.length, 2);
    assert.equal(await dlq.count(), 0);
    assert.deepEqual(await drainBodies({ backend, queue: 'chunking' }), [], 'nothing went back to the queue');
  });
}
