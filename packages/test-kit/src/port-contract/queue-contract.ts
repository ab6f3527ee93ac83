import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReceiptHandleExpiredError, RetryableError } from '@stereo-spot/shared-types';
import type { PortContractTarget } from './port-contract-target.js';

const quick = { maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 1 };

/** Queue: SQS semantics (whole seconds, so the suite runs on SQS as on the embedded backend). */
export function queueContract(target: PortContractTarget): void {
  test(`[${target.name}] Queue: send, receive with count and sent time, delete; queues are separate`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 4 });
    t.after(cleanup);
    const queue = backend.queues.chunking;
    const before = Date.now() - 1000;
    const id = await queue.send({ body: 'hello' });
    await backend.queues.reassembly.send({ body: 'r' });
    const [message, ...rest] = await queue.receive({ ...quick, maxMessages: 10, waitSeconds: 1 });
    assert.equal(rest.length, 0);
    assert.ok(message);
    assert.equal(message.id, id);
    assert.equal(message.body, 'hello');
    assert.equal(message.receiveCount, 1);
    assert.ok(message.sentAt >= before && message.sentAt <= Date.now() + 1000);
    await queue.delete(message.receiptHandle);
    assert.deepEqual(await backend.queues['video-worker'].receive(quick), []);
    assert.equal((await backend.queues.reassembly.receive({ ...quick, waitSeconds: 1 }))[0]?.body, 'r');
    await sleep(1100);
    assert.deepEqual(await queue.receive(quick), [], 'a deleted message never comes back');
  });

  test(`[${target.name}] Queue: invisible until the timeout, then back with receive count 2; stale handles`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 4 });
    t.after(cleanup);
    const queue = backend.queues['video-worker'];
    await queue.send({ body: 'm' });
    const [first] = await queue.receive({ ...quick, waitSeconds: 1 });
    assert.ok(first);
    assert.deepEqual(await queue.receive(quick), []);
    await sleep(1200);
    const [second] = await queue.receive({ ...quick, waitSeconds: 1 });
    assert.ok(second);
    assert.equal(second.id, first.id);
    assert.equal(second.receiveCount, 2);
    assert.notEqual(second.receiptHandle, first.receiptHandle);
    await queue.delete(second.receiptHandle);
    await assert.rejects(queue.changeVisibility({ receiptHandle: second.receiptHandle, visibilityTimeoutSec: 5 }), (error: unknown) => {
      assert.ok(error instanceof ReceiptHandleExpiredError);
      assert.ok(error instanceof RetryableError);
      return true;
    });
  });

  test(`[${target.name}] Queue: changeVisibility extends (heartbeat) and 0 releases at once`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 4 });
    t.after(cleanup);
    const queue = backend.queues.chunking;
    await queue.send({ body: 'long job' });
    const [message] = await queue.receive({ ...quick, waitSeconds: 1 });
    assert.ok(message);
    await queue.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: 4 });
    await sleep(1300);
    assert.deepEqual(await queue.receive(quick), [], 'still invisible after the first timeout');
    await queue.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: 0 });
    const [again] = await queue.receive({ ...quick, waitSeconds: 1 });
    assert.equal(again?.id, message.id);
    assert.equal(again?.receiveCount, 2);
  });

  test(`[${target.name}] Queue: after maxReceiveCount receives the message goes to the dead-letter queue`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 2 });
    t.after(cleanup);
    const queue = backend.queues.chunking;
    assert.equal(queue.maxReceiveCount, 2);
    const id = await queue.send({ body: 'poison' });
    for (let i = 1; i <= 2; i += 1) {
      const [m] = await queue.receive({ ...quick, waitSeconds: 1, visibilityTimeoutSec: 0 });
      assert.equal(m?.id, id);
      assert.equal(m?.receiveCount, i);
    }
    assert.deepEqual(await queue.receive({ ...quick, waitSeconds: 1 }), []);
    const [dead] = await backend.deadLetterQueue('chunking').receive({ ...quick, waitSeconds: 1 });
    assert.equal(dead?.body, 'poison');
  });

  test(`[${target.name}] Queue: a long poll returns soon after a send, [] after waitSeconds, and [] when aborted`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 4 });
    t.after(cleanup);
    const queue = backend.queues.reassembly;
    let start = Date.now();
    assert.deepEqual(await queue.receive({ ...quick, waitSeconds: 1 }), []);
    assert.ok(Date.now() - start >= 900, 'waited for waitSeconds');
    const pending = queue.receive({ ...quick, waitSeconds: 10 });
    await sleep(200);
    const sentAt = Date.now();
    await queue.send({ body: 'wake up' });
    assert.equal((await pending)[0]?.body, 'wake up');
    assert.ok(Date.now() - sentAt < 1500, `returned ${Date.now() - sentAt} ms after the send`);
    const controller = new AbortController();
    start = Date.now();
    const aborted = queue.receive({ ...quick, waitSeconds: 10, signal: controller.signal });
    await sleep(100);
    controller.abort();
    assert.deepEqual(await aborted, []);
    assert.ok(Date.now() - start < 1500);
  });
}
