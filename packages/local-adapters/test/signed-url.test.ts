import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openLocalBackend } from '../src/index.ts';
import { makeTempDir, openTempBackend, sleep } from './helpers.ts';

test('presignUpload gives a PUT with the content type; the URL verifies with what it grants', async (t) => {
  const { backend, cleanup } = await openTempBackend({ publicBaseUrl: 'http://localhost:9999' });
  t.after(cleanup);
  const key = 'input/0b7d1c4e-8a52-4f0e-9d6b-3f1f2a9c8e71/source.mp4';
  const upload = await backend.storage.presignUpload({ bucket: 'input', key, expiresInSec: 60, maxBytes: 5_000_000, contentType: 'video/mp4' });
  assert.equal(upload.method, 'PUT');
  assert.deepEqual(upload.headers, { 'content-type': 'video/mp4' });
  const url = new URL(upload.url);
  assert.equal(url.origin, 'http://localhost:9999');
  assert.equal(url.pathname, `/storage/input/${key}`);
  assert.deepEqual([...url.searchParams.keys()], ['expires', 'max', 'type', 'sig']);
  assert.deepEqual(backend.verifySignedUrl({ url: upload.url, method: 'PUT' }), { ok: true, bucket: 'input', key, maxBytes: 5_000_000, contentType: 'video/mp4' });
  // What an HTTP server sees: the path and query only.
  assert.equal(backend.verifySignedUrl({ url: `${url.pathname}${url.search}`, method: 'PUT' }).ok, true);
  // An upload URL does not read, and a read URL does not upload.
  assert.deepEqual(backend.verifySignedUrl({ url: upload.url, method: 'GET' }), { ok: false, reason: 'bad-signature' });
  const get = await backend.storage.presignGet({ bucket: 'input', key, expiresInSec: 60 });
  assert.deepEqual(backend.verifySignedUrl({ url: get, method: 'GET' }), { ok: true, bucket: 'input', key });
  assert.deepEqual(backend.verifySignedUrl({ url: get, method: 'PUT' }), { ok: false, reason: 'bad-signature' });
});

test('tampered, expired and malformed URLs are refused', async (t) => {
  const { backend, cleanup } = await openTempBackend();
  t.after(cleanup);
  const key = 'jobs/0b7d1c4e-8a52-4f0e-9d6b-3f1f2a9c8e71/final.mp4';
  const upload = await backend.storage.presignUpload({ bucket: 'output', key, expiresInSec: 60, maxBytes: 1000, contentType: 'video/mp4' });
  const tamper = (edit: (url: URL) => void) => {
    const url = new URL(upload.url);
    edit(url);
    return backend.verifySignedUrl({ url: url.href, method: 'PUT' });
  };
  assert.deepEqual(tamper((u) => u.searchParams.set('max', '1000000000')), { ok: false, reason: 'bad-signature' });
  assert.deepEqual(tamper((u) => u.searchParams.set('type', 'text/html')), { ok: false, reason: 'bad-signature' });
  assert.deepEqual(tamper((u) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600))), { ok: false, reason: 'bad-signature' });
  assert.deepEqual(tamper((u) => (u.pathname = u.pathname.replace('final', 'other'))), { ok: false, reason: 'bad-signature' });
  assert.deepEqual(tamper((u) => (u.pathname = u.pathname.replace('/output/', '/input/'))), { ok: false, reason: 'bad-signature' });
  assert.deepEqual(tamper((u) => u.searchParams.set('sig', '0'.repeat(64))), { ok: false, reason: 'bad-signature' });
  assert.deepEqual(tamper((u) => u.searchParams.delete('max')), { ok: false, reason: 'bad-signature' });
  assert.deepEqual(tamper((u) => u.searchParams.set('sig', 'abc')), { ok: false, reason: 'malformed' });
  assert.deepEqual(tamper((u) => u.searchParams.append('max', '5')), { ok: false, reason: 'malformed' });
  assert.deepEqual(tamper((u) => (u.pathname = '/storage/elsewhere/x')), { ok: false, reason: 'malformed' });
  assert.deepEqual(tamper((u) => (u.pathname = '/storage/output/a%2F..%2Fb')), { ok: false, reason: 'malformed' });
  assert.deepEqual(tamper((u) => (u.pathname = '/other/output/x')), { ok: false, reason: 'malformed' });
  assert.deepEqual(backend.verifySignedUrl({ url: 'http://[bad', method: 'GET' }), { ok: false, reason: 'malformed' });

  const short = await backend.storage.presignGet({ bucket: 'output', key, expiresInSec: 1 });
  assert.equal(backend.verifySignedUrl({ url: short, method: 'GET' }).ok, true);
  await sleep(2100);
  assert.deepEqual(backend.verifySignedUrl({ url: short, method: 'GET' }), { ok: false, reason: 'expired' });
});

test('the generated secret is kept in dataDir/secret (0600) and shared by every backend on the dir', async (t) => {
  const { dir, cleanup } = await makeTempDir();
  t.after(cleanup);
  const [a, b] = await Promise.all([openLocalBackend({ dataDir: dir }), openLocalBackend({ dataDir: dir })]);
  const url = await a.storage.presignGet({ bucket: 'output', key: 'k', expiresInSec: 60 });
  assert.equal(b.verifySignedUrl({ url, method: 'GET' }).ok, true);
  assert.equal((await stat(join(dir, 'secret'))).mode & 0o777, 0o600);
  const other = await openLocalBackend({ dataDir: dir, signingSecret: 'something else' });
  assert.deepEqual(other.verifySignedUrl({ url, method: 'GET' }), { ok: false, reason: 'bad-signature' });
  await Promise.all([a.close(), b.close(), other.close()]);
});

test('keys with spaces and unicode survive the URL', async (t) => {
  const { backend, cleanup } = await openTempBackend({ publicBaseUrl: 'https://example.test/app/' });
  t.after(cleanup);
  const key = 'jobs/some dir/fïlé #1?.mp4';
  const url = await backend.storage.presignGet({ bucket: 'output', key, expiresInSec: 60 });
  assert.ok(url.startsWith('https://example.test/app/storage/output/jobs/some%20dir/'));
  assert.deepEqual(backend.verifySignedUrl({ url, method: 'GET' }), { ok: true, bucket: 'output', key });
});
