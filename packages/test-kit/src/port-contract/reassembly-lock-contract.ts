import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PortContractTarget } from './port-contract-target.js';

/** ReassemblyLock: one trigger per job, one lease holder at a time, takeover after a lapse, TTL honoured, cleared by an operator. */
export function reassemblyLockContract(target: PortContractTarget): void {
  const open = () => target.open({ maxReceiveCount: 4 });

  test(`[${target.name}] ReassemblyLock: 20 concurrent tryCreate, exactly one true; ttl set`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const jobId = randomUUID();
    const before = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => backend.lock.tryCreate({ jobId, ttlSec: 3600 })));
    assert.equal(results.filter(Boolean).length, 1);
    const record = await backend.lock.get(jobId);
    assert.ok(record && record.triggered_at >= before);
    assert.ok(Math.abs(record.ttl - (Math.floor(Date.now() / 1000) + 3600)) <= 2);
    assert.equal(record.reassembly_started_at, undefined);
    assert.equal(await backend.lock.tryCreate({ jobId, ttlSec: 3600 }), false);
  });

  test(`[${target.name}] ReassemblyLock: one of two owners wins; renew only by the owner; takeover after the lease lapses`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const jobId = randomUUID();
    assert.equal(await backend.lock.tryCreate({ jobId, ttlSec: 3600 }), true);
    const [a, b] = await Promise.all([backend.lock.tryAcquire({ jobId, owner: 'a', leaseSec: 0.5 }), backend.lock.tryAcquire({ jobId, owner: 'b', leaseSec: 0.5 })]);
    assert.equal(Number(a) + Number(b), 1);
    const [winner, loser] = a ? ['a', 'b'] : ['b', 'a'];
    const held = await backend.lock.get(jobId);
    assert.equal(held?.owner, winner);
    const startedAt = held?.reassembly_started_at;
    assert.ok(startedAt !== undefined);
    assert.equal(await backend.lock.renew({ jobId, owner: loser, leaseSec: 0.5 }), false);
    assert.equal(await backend.lock.renew({ jobId, owner: winner, leaseSec: 0.5 }), true);
    assert.equal(await backend.lock.tryAcquire({ jobId, owner: loser, leaseSec: 0.5 }), false);
    await sleep(700);
    assert.equal(await backend.lock.tryAcquire({ jobId, owner: loser, leaseSec: 5 }), true);
    const taken = await backend.lock.get(jobId);
    assert.equal(taken?.owner, loser);
    assert.equal(taken?.reassembly_started_at, startedAt, 'the first start time is kept');
    assert.equal(await backend.lock.renew({ jobId, owner: winner, leaseSec: 5 }), false);
  });

  test(`[${target.name}] ReassemblyLock: release frees the lease at once; a non-owner's release does nothing`, async (t) => {
    const { backend, cleanup } = await open();
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

  test(`[${target.name}] ReassemblyLock: tryAcquire without a record creates it held; a record past its ttl counts as absent`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const jobId = randomUUID();
    const results = await Promise.all([backend.lock.tryAcquire({ jobId, owner: 'a', leaseSec: 60 }), backend.lock.tryAcquire({ jobId, owner: 'b', leaseSec: 60 })]);
    assert.equal(results.filter(Boolean).length, 1);
    const record = await backend.lock.get(jobId);
    assert.ok(record?.reassembly_started_at !== undefined && record.ttl > Date.now() / 1000);
    const expired = randomUUID();
    assert.equal(await backend.lock.tryCreate({ jobId: expired, ttlSec: -10 }), true);
    assert.equal(await backend.lock.get(expired), undefined);
    assert.equal(await backend.lock.tryCreate({ jobId: expired, ttlSec: 3600 }), true);
    assert.equal(await backend.lock.tryCreate({ jobId: expired, ttlSec: 3600 }), false);
  });

  test(`[${target.name}] ReassemblyLock: clear deletes the record so the trigger can fire again; clearing nothing is no error`, async (t) => {
    const { backend, cleanup } = await open();
    t.after(cleanup);
    const jobId = randomUUID();
    const other = randomUUID();
    await backend.lock.tryCreate({ jobId, ttlSec: 3600 });
    await backend.lock.tryCreate({ jobId: other, ttlSec: 3600 });
    assert.equal(await backend.lock.tryAcquire({ jobId, owner: 'a', leaseSec: 60 }), true);
    await backend.lock.clear(jobId);
    assert.equal(await backend.lock.get(jobId), undefined);
    assert.ok(await backend.lock.get(other), 'another job keeps its record');
    assert.equal(await backend.lock.tryCreate({ jobId, ttlSec: 3600 }), true, 'the trigger fires again');
    assert.equal((await backend.lock.get(jobId))?.reassembly_started_at, undefined);
    await backend.lock.clear(randomUUID());
  });
}
