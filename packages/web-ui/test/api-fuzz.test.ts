import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OUTPUT_FORMATS } from '@stereo-spot/shared-types';
import { withWebApp } from './helpers.ts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;
const CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'video/mp4', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', ''];

/** Paths near the real routes: right shapes with wrong parts, encodings, junk, very long segments. */
const pathArbitrary = fc.oneof(
  fc.constantFrom('/api/jobs', '/jobs', '/', '/api/openapi.json', '/healthz', '/fragments/active-jobs', '/storage/input/x', '/api', '/api/jobs/'),
  fc.tuple(fc.constantFrom('/api/jobs/', '/jobs/', '/storage/input/', '/storage/output/jobs/'), fc.oneof(fc.uuid(), fc.string({ maxLength: 80 }), fc.webSegment()), fc.constantFrom('', '/play', '/upload', '/progress', '/x', '/../..')).map(
    ([prefix, id, suffix]) => `${prefix}${encodeURIComponent(id)}${suffix}`,
  ),
  fc.webPath(),
  fc.string({ maxLength: 40 }).map((text) => `/${text.replace(/[?#]/g, '')}`),
  fc.constantFrom('/api/jobs/%', '/jobs/%E0%A4%A', '/%00', '/api/jobs/%2e%2e%2f', `/jobs/${'a'.repeat(5000)}`),
);

const queryArbitrary = fc.option(fc.oneof(fc.webQueryParameters(), fc.constantFrom('cursor=%', 'limit=-1', 'status=completed&status=failed', 'cursor=' + 'A'.repeat(2000), 'expires=1&sig=00')), { nil: undefined });

const bodyArbitrary = fc.option(
  fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.record({ format: fc.oneof(fc.constantFrom(...OUTPUT_FORMATS), fc.anything()), depth: fc.anything(), divergence: fc.anything(), convergence: fc.anything() }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc.constantFrom('{"format":', '{"__proto__":{"x":1},"format":"sbs"}', '{"constructor":{"prototype":{}}}', 'format=sbs&_csrf=x', '[]', 'null', '1e999'),
  ),
  { nil: undefined },
);

test('a bounded API fuzz (3,000 malformed requests) gets no 5xx and leaves the server healthy', async () => {
  await withWebApp(async ({ app }) => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), pathArbitrary, queryArbitrary, fc.constantFrom(...CONTENT_TYPES), bodyArbitrary, async (method, path, query, contentType, body) => {
        const sendsBody = method !== 'GET' && method !== 'HEAD' && body !== undefined;
        // A URL the test client itself cannot send is skipped: no server would see it either.
        const response = await app
          .inject({
            method,
            url: query ? `${path}?${query}` : path,
            headers: sendsBody && contentType ? { 'content-type': contentType } : {},
            ...(sendsBody ? { payload: body } : {}),
          })
          .catch(() => undefined);
        if (!response) return;
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        assert.ok(response.statusCode < 500, `${method} ${path}?${query ?? ''} → ${response.statusCode}: ${response.body.slice(0, 200)}`);
        assert.doesNotMatch(response.body, /\n\s+at .+\(/);
      }),
      { numRuns: 3000, seed: 20261122 },
    );
    // Most requests are refused; a few happen to be valid.
    const refused = [...statuses].filter(([status]) => status >= 400).reduce((sum, [, count]) => sum + count, 0);
    assert.ok(refused > 2000, JSON.stringify(Object.fromEntries(statuses)));
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'POST', url: '/api/jobs', payload: { format: 'sbs' } })).statusCode, 201);
  });
});
