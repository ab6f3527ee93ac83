import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RetryableError } from '@stereo-spot/shared-types';
import { ReceiptHandleExpiredError } from '@stereo-spot/shared-types';
import { openTempBackend, sleep } from './helpers.ts';

const quick = { maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 1 };

test('send, receive, delete', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const queue = backend.queues.chunking;
  const before = Date.now();
  const id = await queue.send({ body: 'hello' });
  const [message, ...rest] = await queue.receive({ ...quick, maxMessages: 10 });
  assert.equal(rest.length, 0);
  assert.ok(message);
  assert.equal(message.id, id);
  assert.equal(message.body, 'hello');
  assert.equal(message.receiveCount, 1);
  assert.ok(message.sentAt >= before && message.sentAt <= Date.now());
  await queue.delete(message.receiptHandle);
  await assert.rejects(queue.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: 0 }), ReceiptHandleExpiredError);
  await sleep(1100);
  assert.deepEqual(await queue.receive(quick), []);
});

test('queues are separate', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  await backend.queues.reassembly.send({ body: 'r' });
  assert.deepEqual(await backend.queues['video-worker'].receive(quick), []);
  assert.equal((await backend.queues.reassembly.receive(quick))[0]?.body, 'r');
});

test('a received message is invisible until its visibility timeout, then comes back with receive count 2 and a new handle', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const queue = backend.queues['video-worker'];
  await queue.send({ body: 'm' });
  const [first] = await queue.receive({ ...quick, visibilityTimeoutSec: 0.5 });
  assert.ok(first);
  assert.deepEqual(await queue.receive(quick), []);
  await sleep(600);
  const [second] = await queue.receive(quick);
  assert.ok(second);
  assert.equal(second.id, first.id);
  assert.equal(second.receiveCount, 2);
  assert.notEqual(second.receiptHandle, first.receiptHandle);

  // The first handle is stale now: delete is a no-op, changeVisibility says the message was lost.
  await queue.delete(first.receiptHandle);
  await assert.rejects(queue.changeVisibility({ receiptHandle: first.receiptHandle, visibilityTimeoutSec: 5 }), (error: unknown) => {
    assert.ok(error instanceof ReceiptHandleExpiredError);
    assert.ok(error instanceof RetryableError);
    return true;
  });
  await queue.delete(second.receiptHandle);
  assert.deepEqual(await queue.approximateCount(), { visible: 0, inFlight: 0 });
});

test('changeVisibility extends the invisibility (heartbeat) and 0 releases at once', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const queue = backend.queues.chunking;
  await queue.send({ body: 'long job' });
  const [message] = await queue.receive({ ...quick, visibilityTimeoutSec: 0.4 });
  assert.ok(message);
  await queue.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: 2 });
  await sleep(600);
  assert.deepEqual(await queue.receive(quick), [], 'still invisible after the first timeout');
  await queue.changeVisibility({ receiptHandle: message.receiptHandle, visibilityTimeoutSec: 0 });
  const [again] = await queue.receive(quick);
  assert.equal(again?.id, message.id);
  assert.equal(again?.receiveCount, 2);
});

test('a message received maxReceiveCount times goes to the dead-letter queue on the next receive', async (t) => {
  const { backend, cleanup } = await openTempBackend({ maxReceiveCount: 3 });
  t.after(cleanup);
  const queue = backend.queues.chunking;
  const dlq = backend.deadLetterQueue('chunking');
  assert.equal(queue.maxReceiveCount, 3);
  assert.equal(dlq.physicalName, 'chunking-dlq');
  const id = await queue.send({ body: 'poison' });
  await queue.send({ body: 'fine' });
  const firstSent = (await queue.receive({ ...quick, visibilityTimeoutSec: 0 }))[0];
  assert.equal(firstSent?.id, id);
  for (let i = 2; i <= 3; i += 1) {
    const [m] = await queue.receive({ ...quick, visibilityTimeoutSec: 0 });
    assert.equal(m?.id, id);
    assert.equal(m?.receiveCount, i);
  }
  // The 4th receive moves the poison message away and delivers the next one instead.
  const next = await queue.receive({ ...quick, maxMessages: 10, visibilityTimeoutSec: 5 });
  assert.deepEqual(next.map((m) => m.body), ['fine']);
  const [dead] = await dlq.receive({ ...quick, maxMessages: 10 });
  assert.equal(dead?.id, id);
  assert.equal(dead?.body, 'poison');
  assert.equal(dead?.receiveCount, 1);
  assert.equal(dead?.sentAt, firstSent?.sentAt);
  // Replay by an operator: send the body back, delete from the dead-letter queue.
  await queue.send({ body: dead.body });
  await dlq.delete(dead.receiptHandle);
  assert.equal((await queue.receive(quick))[0]?.body, 'poison');
});

test('messages come out in the order they were sent; delaySec hides a message for a while', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const queue = backend.queues.reassembly;
  await queue.send({ body: 'later', delaySec: 0.4 });
  for (let i = 0; i < 5; i += 1) await queue.send({ body: `m${i}` });
  const got = await queue.receive({ ...quick, maxMessages: 10 });
  assert.deepEqual(got.map((m) => m.body), ['m0', 'm1', 'm2', 'm3', 'm4']);
  const delayed = await queue.receive({ ...quick, waitSeconds: 2 });
  assert.equal(delayed[0]?.body, 'later');
});

test('long poll returns as soon as a message is sent, and [] after waitSeconds', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const queue = backend.queues.chunking;
  const start = Date.now();
  assert.deepEqual(await queue.receive({ ...quick, waitSeconds: 0.5 }), []);
  const waited = Date.now() - start;
  assert.ok(waited >= 450 && waited < 1500, `waited ${waited} ms`);

  // Woken by the send itself, not by the next database poll (every 200 ms): three rounds, each well under it.
  for (let round = 0; round < 3; round += 1) {
    const pending = queue.receive({ ...quick, waitSeconds: 10 });
    await sleep(120 + round * 70);
    const sentAt = Date.now();
    await queue.send({ body: `wake up ${round}` });
    const got = await pending;
    const elapsed = Date.now() - sentAt;
    assert.equal(got[0]?.body, `wake up ${round}`);
    assert.ok(elapsed < 60, `returned ${elapsed} ms after the send`);
  }
});

test('long poll returns [] within ~100 ms when its signal aborts, and at once if already aborted', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const queue = backend.queues['video-worker'];
  const controller = new AbortController();
  const start = Date.now();
  const pending = queue.receive({ ...quick, waitSeconds: 10, signal: controller.signal });
  await sleep(100);
  const abortedAt = Date.now();
  controller.abort();
  assert.deepEqual(await pending, []);
  assert.ok(Date.now() - abortedAt < 100, `took ${Date.now() - abortedAt} ms after abort`);
  assert.ok(Date.now() - start < 1000);

  await queue.send({ body: 'not for an aborted receiver' });
  assert.deepEqual(await queue.receive({ ...quick, signal: AbortSignal.abort() }), []);
  assert.equal((await queue.receive(quick))[0]?.receiveCount, 1);
});

test('closing the backend ends a long poll', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const pending = backend.queues.chunking.receive({ ...quick, waitSeconds: 10 });
  await sleep(50);
  const start = Date.now();
  await backend.close();
  assert.deepEqual(await pending, []);
  assert.ok(Date.now() - start < 100);
});

test('5 concurrent receivers pulling 50 messages: each delivered exactly once', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const queue = backend.queues['video-worker'];
  const sent = new Set<string>();
  for (let i = 0; i < 50; i += 1) sent.add(await queue.send({ body: String(i) }));
  const deliveries: string[] = [];
  const loop = async () => {
    for (;;) {
      const messages = await queue.receive({ maxMessages: 3, waitSeconds: 0.3, visibilityTimeoutSec: 30 });
      if (messages.length === 0) return;
      for (const m of messages) {
        deliveries.push(m.id);
        await sleep(Math.random() * 5);
        await queue.delete(m.receiptHandle);
      }
    }
  };
  await Promise.all(Array.from({ length: 5 }, loop));
  assert.equal(deliveries.length, 50);
  assert.deepEqual(new Set(deliveries), sent);
});

test('a message released by changeVisibility 0 wakes a waiting receiver', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const queue = backend.queues.chunking;
  await queue.send({ body: 'x' });
  const [held] = await queue.receive({ ...quick, visibilityTimeoutSec: 30 });
  assert.ok(held);
  const pending = queue.receive({ ...quick, waitSeconds: 5 });
  await sleep(50);
  const start = Date.now();
  await queue.changeVisibility({ receiptHandle: held.receiptHandle, visibilityTimeoutSec: 0 });
  const [again] = await pending;
  assert.equal(again?.id, held.id);
  assert.ok(Date.now() - start < 100);
});
