import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildFinalKey, buildSourceKey, type CreateJobResponse } from '@stereo-spot/shared-types';
import { withWebApp } from './helpers.ts';

/** The path and query of a signed URL: what a client sends to this server. */
function target(url: string): string {
  const parsed = new URL(url, 'http://localhost');
  return `${parsed.pathname}${parsed.search}`;
}

test('PUT to a signed upload URL stores the source and starts chunking; GET serves it with Range and HEAD', async () => {
  await withWebApp(async ({ app, backend }) => {
    const { job_id: jobId, upload } = (await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'sbs' } })).json<CreateJobResponse>();
    const bytes = randomBytes(100_000);
    const put = await app.inject({ method: 'PUT', url: target(upload.url), headers: upload.headers, payload: bytes });
    assert.equal(put.statusCode, 200);
    assert.equal(put.headers['access-control-allow-origin'], '*');
    assert.deepEqual(await readFile(backend.objectPath({ bucket: 'input', key: buildSourceKey(jobId) })), bytes);
    const [message] = await backend.queues.chunking.receive({ maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 30 });
    assert.match(String(message?.body), new RegExp(`input/${jobId}/source\\.mp4`));

    const url = target(await backend.storage.presignGet({ bucket: 'input', key: buildSourceKey(jobId), expiresInSec: 60 }));
    const whole = await app.inject({ method: 'GET', url });
    assert.equal(whole.statusCode, 200);
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    assert.equal(whole.headers['content-type'], 'video/mp4');
    assert.equal(whole.headers['content-length'], '100000');
    assert.deepEqual(whole.rawPayload, bytes);
    const part = await app.inject({ method: 'GET', url, headers: { range: 'bytes=10-19' } });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], 'bytes 10-19/100000');
    assert.deepEqual(part.rawPayload, bytes.subarray(10, 20));
    const open = await app.inject({ method: 'GET', url, headers: { range: 'bytes=99990-' } });
    assert.deepEqual(open.rawPayload, bytes.subarray(99_990));
    const suffix = await app.inject({ method: 'GET', url, headers: { range: 'bytes=-5' } });
    assert.equal(suffix.headers['content-range'], 'bytes 99995-99999/100000');
    assert.deepEqual(suffix.rawPayload, bytes.subarray(99_995));
    const past = await app.inject({ method: 'GET', url, headers: { range: 'bytes=100000-' } });
    assert.equal(past.statusCode, 416);
    assert.equal(past.headers['content-range'], 'bytes */100000');
    const head = await app.inject({ method: 'HEAD', url });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers['content-length'], '100000');
    assert.equal(head.rawPayload.length, 0);

    const absent = target(await backend.storage.presignGet({ bucket: 'output', key: buildFinalKey({ jobId: jobId }), expiresInSec: 60 }));
    assert.equal((await app.inject({ method: 'GET', url: absent })).statusCode, 404);
  });
});

test('a download link carries the name it is saved under; the name is part of the signature', async () => {
  await withWebApp(async ({ app, backend }) => {
    const key = buildFinalKey({ jobId: crypto.randomUUID(), container: 'mkv' });
    await backend.storage.putStream({ bucket: 'output', key, body: Readable.from([Buffer.from('mkv bytes')]) });
    const named = target(await backend.storage.presignGet({ bucket: 'output', key, expiresInSec: 60, downloadName: 'Été_LR.mkv' }));
    const response = await app.inject({ method: 'GET', url: named });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'video/x-matroska');
    assert.equal(response.headers['content-disposition'], `attachment; filename="?t?_LR.mkv"; filename*=UTF-8''%C3%89t%C3%A9_LR.mkv`);
    const renamed = named.replace(/name=[^&]+/, 'name=other.mkv');
    assert.equal((await app.inject({ method: 'GET', url: renamed })).statusCode, 403);
    const plain = await app.inject({ method: 'GET', url: target(await backend.storage.presignGet({ bucket: 'output', key, expiresInSec: 60 })) });
    assert.equal(plain.headers['content-disposition'], undefined);
  });
});

test('tampered, expired, wrong-method and malformed storage URLs are 403; nothing is stored', async () => {
  await withWebApp(async ({ app, backend }) => {
    const key = buildSourceKey(crypto.randomUUID());
    const upload = await backend.storage.presignUpload({ bucket: 'input', key, expiresInSec: 60, maxBytes: 1000, contentType: 'video/mp4' });
    const tampered = target(upload.url).replace('max=1000', 'max=100000');
    const headers = { 'content-type': 'video/mp4' };
    assert.equal((await app.inject({ method: 'PUT', url: tampered, headers, payload: Buffer.alloc(10) })).statusCode, 403);
    assert.equal((await app.inject({ method: 'PUT', url: target(upload.url).replace(/sig=[0-9a-f]+/, 'sig=xyz'), headers, payload: Buffer.alloc(10) })).statusCode, 403);
    assert.equal((await app.inject({ method: 'GET', url: target(upload.url) })).statusCode, 403);
    const read = await backend.storage.presignGet({ bucket: 'input', key, expiresInSec: 60 });
    assert.equal((await app.inject({ method: 'PUT', url: target(read), headers, payload: Buffer.alloc(10) })).statusCode, 403);
    for (const url of ['/storage/input/a', '/storage/nope/a?expires=1&sig=' + '0'.repeat(64), '/storage/input/%2e%2e/secret?expires=9999999999&sig=' + '0'.repeat(64)]) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 403, url);
      assert.equal(response.json<{ error: { code: string } }>().error.code, 'forbidden');
    }
    const short = await backend.storage.presignUpload({ bucket: 'input', key, expiresInSec: 1, maxBytes: 1000, contentType: 'video/mp4' });
    await sleep(2100);
    const expired = await app.inject({ method: 'PUT', url: target(short.url), headers, payload: Buffer.alloc(10) });
    assert.equal(expired.statusCode, 403);
    assert.match(expired.json<{ error: { message: string } }>().error.message, /expired/);
    assert.equal(await backend.storage.exists({ bucket: 'input', key }), false);
  });
});

test('a wrong content type is 415 and a declared oversize body 413, before anything is stored', async () => {
  await withWebApp(async ({ app, backend }) => {
    const key = buildSourceKey(crypto.randomUUID());
    const upload = await backend.storage.presignUpload({ bucket: 'input', key, expiresInSec: 60, maxBytes: 1000, contentType: 'video/mp4' });
    const wrongType = await app.inject({ method: 'PUT', url: target(upload.url), headers: { 'content-type': 'text/html' }, payload: '<html>' });
    assert.equal(wrongType.statusCode, 415);
    assert.match(wrongType.json<{ error: { message: string } }>().error.message, /video\/mp4/);
    const noType = await app.inject({ method: 'PUT', url: target(upload.url), payload: Buffer.alloc(10) });
    assert.equal(noType.statusCode, 415);
    const tooBig = await app.inject({ method: 'PUT', url: target(upload.url), headers: { 'content-type': 'video/mp4' }, payload: Buffer.alloc(1001) });
    assert.equal(tooBig.statusCode, 413);
    assert.equal(await backend.storage.exists({ bucket: 'input', key }), false);
    const exact = await app.inject({ method: 'PUT', url: target(upload.url), headers: { 'content-type': 'video/mp4; codecs="avc1"' }, payload: Buffer.alloc(1000) });
    assert.equal(exact.statusCode, 200);
  });
});

test('a streamed upload without a length is cut off at the limit with 413 over a real connection', async () => {
  await withWebApp(async ({ app, backend }) => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const key = buildSourceKey(crypto.randomUUID());
    const upload = await backend.storage.presignUpload({ bucket: 'input', key, expiresInSec: 60, maxBytes: 64 * 1024, contentType: 'video/mp4' });
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, method: 'PUT', path: target(upload.url), headers: { 'content-type': 'video/mp4', 'transfer-encoding': 'chunked' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      // 16 chunks of 16 KiB: four times the limit, sent as a stream.
      let sent = 0;
      const pump = () => {
        while (sent < 16) {
          sent += 1;
          if (!request.write(Buffer.alloc(16 * 1024))) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
    assert.equal(status, 413);
    assert.equal(await backend.storage.exists({ bucket: 'input', key }), false);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  });
});
