import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { buildFinalKey, buildSourceKey, NotFoundError, ObjectTooLargeError } from '@stereo-spot/shared-types';
import type { PortContractTarget } from './port-contract-target.js';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function scratch(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stereo-spot-contract-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** ObjectStorage: streamed puts and gets, limits, listing, deletion. URLs are each adapter's own business. */
export function objectStorageContract(target: PortContractTarget): void {
  test(`[${target.name}] ObjectStorage: putFile/getToFile round-trip a multipart-sized file; exists, list, NotFound`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 4 });
    t.after(cleanup);
    const dir = await scratch(t);
    const data = randomBytes(9 * 1024 * 1024 + 123);
    const source = join(dir, 'in.bin');
    await writeFile(source, data);
    const key = buildFinalKey({ jobId: randomUUID() });
    assert.equal(await backend.storage.exists({ bucket: 'output', key }), false);
    await backend.storage.putFile({ bucket: 'output', key, path: source, contentType: 'video/mp4' });
    assert.equal(await backend.storage.exists({ bucket: 'output', key }), true);
    const target2 = join(dir, 'out', 'copy.bin');
    await backend.storage.getToFile({ bucket: 'output', key, path: target2 });
    assert.equal(sha(await readFile(target2)), sha(data));
    assert.deepEqual(await backend.storage.list({ bucket: 'output', prefix: 'jobs/' }), [{ key, size: data.length }]);
    assert.deepEqual(await backend.storage.list({ bucket: 'input', prefix: '' }), []);
    await assert.rejects(backend.storage.getToFile({ bucket: 'output', key: 'jobs/nope.mp4', path: join(dir, 'x') }), NotFoundError);
    const consumed = join(dir, 'consumed.bin');
    await writeFile(consumed, data.subarray(0, 1000));
    await backend.storage.putFile({ bucket: 'output', key: 'jobs/x/segments/0.mp4', path: consumed, consume: true });
    await assert.rejects(stat(consumed), 'a consumed file is gone');
  });

  test(`[${target.name}] ObjectStorage: copy makes an equal object under another key, the source kept; a missing source is NotFound`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 4 });
    t.after(cleanup);
    const dir = await scratch(t);
    const data = randomBytes(300_000);
    const from = buildFinalKey({ jobId: randomUUID() });
    const to = buildFinalKey({ jobId: randomUUID(), container: 'mkv' });
    await backend.storage.putStream({ bucket: 'output', key: from, body: Readable.from([data]) });
    await backend.storage.copy({ bucket: 'output', fromKey: from, toKey: to });
    await backend.storage.getToFile({ bucket: 'output', key: to, path: join(dir, 'copied') });
    assert.equal(sha(await readFile(join(dir, 'copied'))), sha(data));
    assert.equal(await backend.storage.exists({ bucket: 'output', key: from }), true);
    await assert.rejects(backend.storage.copy({ bucket: 'output', fromKey: 'jobs/none/final.mp4', toKey: 'jobs/none/other.mp4' }), NotFoundError);
    assert.equal(await backend.storage.exists({ bucket: 'output', key: 'jobs/none/other.mp4' }), false);
  });

  test(`[${target.name}] ObjectStorage: putStream reports size, overwrites, enforces maxBytes and stores nothing over it`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 4 });
    t.after(cleanup);
    const dir = await scratch(t);
    const { size } = await backend.storage.putStream({ bucket: 'output', key: 'a/b/c.bin', body: Readable.from(Array.from({ length: 20 }, () => randomBytes(100_000))) });
    assert.equal(size, 2_000_000);
    await backend.storage.putStream({ bucket: 'output', key: 'a/b/c.bin', body: Readable.from([Buffer.from('short')]) });
    await backend.storage.getToFile({ bucket: 'output', key: 'a/b/c.bin', path: join(dir, 'c') });
    assert.equal(await readFile(join(dir, 'c'), 'utf8'), 'short');
    const key = buildSourceKey(randomUUID());
    await assert.rejects(backend.storage.putStream({ bucket: 'input', key, body: Readable.from([randomBytes(600), randomBytes(600)]), maxBytes: 1000 }), ObjectTooLargeError);
    assert.equal(await backend.storage.exists({ bucket: 'input', key }), false);
    assert.equal((await backend.storage.putStream({ bucket: 'input', key, body: Readable.from([randomBytes(1000)]), maxBytes: 1000 })).size, 1000);
    async function* failingBody() {
      yield randomBytes(1000);
      throw new Error('connection reset');
    }
    await assert.rejects(backend.storage.putStream({ bucket: 'output', key: 'jobs/failed.bin', body: Readable.from(failingBody()) }), /connection reset/);
    assert.equal(await backend.storage.exists({ bucket: 'output', key: 'jobs/failed.bin' }), false);
  });

  test(`[${target.name}] ObjectStorage: list is recursive and sorted; deletePrefix removes only the prefix`, async (t) => {
    const { backend, cleanup } = await target.open({ maxReceiveCount: 4 });
    t.after(cleanup);
    const dir = await scratch(t);
    const file = join(dir, 'f');
    await writeFile(file, '12345');
    const keys = ['jobs/b/segments/1.mp4', 'jobs/a/final.mp4', 'jobs/b/segments/0.mp4', 'jobs/b/final.mp4', 'jobsx/other.mp4', 'top.txt'];
    for (const key of keys) await backend.storage.putFile({ bucket: 'output', key, path: file });
    assert.deepEqual((await backend.storage.list({ bucket: 'output', prefix: 'jobs/' })).map((o) => o.key), ['jobs/a/final.mp4', 'jobs/b/final.mp4', 'jobs/b/segments/0.mp4', 'jobs/b/segments/1.mp4']);
    assert.deepEqual(await backend.storage.list({ bucket: 'output', prefix: 'jobs/b/seg' }), [
      { key: 'jobs/b/segments/0.mp4', size: 5 },
      { key: 'jobs/b/segments/1.mp4', size: 5 },
    ]);
    assert.equal(await backend.storage.deletePrefix({ bucket: 'output', prefix: 'jobs/b/' }), 3);
    assert.deepEqual((await backend.storage.list({ bucket: 'output', prefix: '' })).map((o) => o.key), ['jobs/a/final.mp4', 'jobsx/other.mp4', 'top.txt']);
    assert.equal(await backend.storage.deletePrefix({ bucket: 'output', prefix: 'nothing/' }), 0);
  });
}
