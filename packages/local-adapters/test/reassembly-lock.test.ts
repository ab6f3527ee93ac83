import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openTempBackend, sleep } from './helpers.ts';

test('20 concurrent tryCreate: exactly one true', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const jobId = randomUUID();
  const before = Date.now();
  const results = await Promise.all(Array.from({ length: 20 }, () => backend.lock.tryCreate({ jobId, ttlSec: 3600 })));
  assert.equal(results.filter(Boolean).length, 1);
  const record = await backend.lock.get(jobId);
  assert.ok(record);
  assert.ok(record.triggered_at >= before);
  assert.ok(Math.abs(record.ttl - (Math.floor(Date.now() / 1000) + 3600)) <= 2);
  assert.equal(record.reassembly_started_at, undefined);
  assert.equal(await backend.lock.tryCreate({ jobId, ttlSec: 3600 }), false);
});

test('tryAcquire: one of two owners wins; renew only by the owner; takeover after the lease expires', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const jobId = randomUUID();
  assert.equal(await backend.lock.tryCreate({ jobId, ttlSec: 3600 }), true);

  const [a, b] = await Promise.all([
    backend.lock.tryAcquire({ jobId, owner: 'a', leaseSec: 0.3 }),
    backend.lock.tryAcquire({ jobId, owner: 'b', leaseSec: 0.3 }),
  ]);
  assert.equal(Number(a) + Number(b), 1);
  const [winner, loser] = a ? ['a', 'b'] : ['b', 'a'];
  const held = await backend.lock.get(jobId);
  assert.equal(held?.owner, winner);
  const startedAt = held?.reassembly_started_at;
  assert.ok(startedAt !== undefined);

  assert.equal(await backend.lock.renew({ jobId, owner: loser, leaseSec: 0.3 }), false);
  assert.equal(await backend.lock.renew({ jobId, owner: winner, leaseSec: 0.3 }), true);
  assert.equal(await backend.lock.tryAcquire({ jobId, owner: loser, leaseSec: 0.3 }), false);

  await sleep(400);
  // The winner died: its lease lapsed, the other takes over; the first start time is kept.
  assert.equal(await backend.lock.tryAcquire({ jobId, owner: loser, leaseSec: 5 }), true);
  const taken = await backend.lock.get(jobId);
  assert.equal(taken?.owner, loser);
  assert.equal(taken?.reassembly_started_at, startedAt);
  assert.equal(await backend.lock.renew({ jobId, owner: winner, leaseSec: 5 }), false);
});

test('release lets the next attempt acquire at once; release by a non-owner does nothing', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const jobId = randomUUID();
  await backend.lock.tryCreate({ jobId, ttlSec: 3600 });
  assert.equal(await backend.lock.tryAcquire({ jobId, owner: 'a', leaseSec: 60 }), true);
  await backend.lock.release({ jobId, owner: 'b' });
  assert.equal(await backend.lock.tryAcquire({ jobId, owner: 'b', leaseSec: 60 }), false);
  await backend.lock.release({ jobId, owner: 'a' });
  assert.equal((await backend.lock.get(jobId))?.lease_until, 0);
  assert.equal(await backend.lock.tryAcquire({ jobId, owner: 'b', leaseSec: 60 }), true);
});

test('tryAcquire without a record (replayed after the TTL) creates and acquires it', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const jobId = randomUUID();
  assert.equal(await backend.lock.get(jobId), undefined);
  const results = await Promise.all([
    backend.lock.tryAcquire({ jobId, owner: 'a', leaseSec: 60 }),
    backend.lock.tryAcquire({ jobId, owner: 'b', leaseSec: 60 }),
  ]);
  assert.equal(results.filter(Boolean).length, 1);
  const record = await backend.lock.get(jobId);
  assert.ok(record?.reassembly_started_at !== undefined && record.ttl > Date.now() / 1000);
});

test('a record past its ttl counts as absent', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const jobId = randomUUID();
  assert.equal(await backend.lock.tryCreate({ jobId, ttlSec: -10 }), true);
  assert.equal(await backend.lock.get(jobId), undefined);
  assert.equal(await backend.lock.tryCreate({ jobId, ttlSec: 3600 }), true);
  assert.equal(await backend.lock.tryCreate({ jobId, ttlSec: 3600 }), false);
});
