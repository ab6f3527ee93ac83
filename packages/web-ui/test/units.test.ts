import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '@stereo-spot/shared-types';
import { parseRange } from '../src/byte-range.ts';
import { html, jsonScript } from '../src/html.ts';
import { formatDuration, progressOf } from '../src/job-display.ts';
import { parseRecentJobs } from '../src/recent-jobs.ts';
import { readWebUiConfig } from '../src/web-ui-config.ts';

test('html escapes every interpolated value unless it is itself html', () => {
  const evil = `"><script>alert('x')</script>&`;
  assert.equal(html`<p title="${evil}">${evil}</p>`.toString(), '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>');
  assert.equal(html`<ul>${['a<', 'b'].map((item) => html`<li>${item}</li>`)}</ul>`.toString(), '<ul><li>a&lt;</li><li>b</li></ul>');
  assert.equal(html`${false}${null}${undefined}${0}`.toString(), '0');
  assert.equal(jsonScript({ id: 'x', value: { a: '</script><b>' } }).toString(), '<script type="application/json" id="x">{"a":"\\u003c/script>\\u003cb>"}</script>');
});

test('parseRange: single ranges, suffixes, open ends; past the end unsatisfiable; anything else the whole file', () => {
  assert.deepEqual(parseRange({ header: undefined, size: 100 }), { kind: 'whole' });
  assert.deepEqual(parseRange({ header: 'bytes=0-9', size: 100 }), { kind: 'partial', range: { start: 0, end: 9 } });
  assert.deepEqual(parseRange({ header: 'bytes=90-200', size: 100 }), { kind: 'partial', range: { start: 90, end: 99 } });
  assert.deepEqual(parseRange({ header: 'bytes=50-', size: 100 }), { kind: 'partial', range: { start: 50, end: 99 } });
  assert.deepEqual(parseRange({ header: 'bytes=-200', size: 100 }), { kind: 'partial', range: { start: 0, end: 99 } });
  assert.deepEqual(parseRange({ header: 'bytes=100-', size: 100 }), { kind: 'unsatisfiable' });
  assert.deepEqual(parseRange({ header: 'bytes=9-3', size: 100 }), { kind: 'unsatisfiable' });
  assert.deepEqual(parseRange({ header: 'bytes=-0', size: 100 }), { kind: 'unsatisfiable' });
  assert.deepEqual(parseRange({ header: 'bytes=0-1,5-6', size: 100 }), { kind: 'whole' });
  assert.deepEqual(parseRange({ header: 'items=0-1', size: 100 }), { kind: 'whole' });
});

test('progressOf: percent from completions, elapsed, ETA from the rate since chunking completed', () => {
  const base: Job = { job_id: crypto.randomUUID(), status: 'chunking_complete', format: 'sbs-full', options: { depth: 'heuristic' }, created_at: 0, updated_at: 10_000, total_segments: 10 };
  assert.deepEqual(progressOf({ job: base, segmentsDone: 4, now: 50_000 }), { percent: 40, elapsedMs: 50_000, etaMs: 60_000 });
  assert.deepEqual(progressOf({ job: base, segmentsDone: 0, now: 50_000 }), { percent: 0, elapsedMs: 50_000 });
  assert.deepEqual(progressOf({ job: { ...base, status: 'chunking_in_progress', total_segments: undefined }, segmentsDone: 0, now: 5000 }), { elapsedMs: 5000 });
  assert.deepEqual(progressOf({ job: { ...base, status: 'completed', completed_at: 90_000 }, segmentsDone: 10, now: 999_999 }), { percent: 100, elapsedMs: 90_000 });
  for (const status of ['failed', 'cancelled'] as const) {
    assert.deepEqual(progressOf({ job: { ...base, status }, segmentsDone: 4, now: 999_999 }), { percent: 40, elapsedMs: 10_000 }, `${status}: the clock stops when the job ends`);
  }
  assert.equal(formatDuration(59_400), '59 s');
  assert.equal(formatDuration(61_000), '1 min 01 s');
  assert.equal(formatDuration(3_725_000), '1 h 02 min');
});

test('recent-jobs cookie keeps job ids only', () => {
  const id = crypto.randomUUID();
  assert.deepEqual(parseRecentJobs(`${id}.nonsense.${id}.<x>`), [id]);
  assert.deepEqual(parseRecentJobs(undefined), []);
});

test('readWebUiConfig: defaults, limits and auth from the environment; one message for every problem', () => {
  const config = readWebUiConfig({ env: {} });
  assert.equal(config.maxUploadBytes, 20 * 1024 ** 3);
  assert.equal(config.basicAuth, undefined);
  const custom = readWebUiConfig({ env: { STEREO_SPOT_MAX_UPLOAD_BYTES: '1000', STEREO_SPOT_BASIC_AUTH: 'ann:pa:ss', STEREO_SPOT_TRUSTED_PROXY_HEADER: 'X-Forwarded-User' } });
  assert.equal(custom.maxUploadBytes, 1000);
  assert.deepEqual(custom.basicAuth, { user: 'ann', password: 'pa:ss' });
  assert.equal(custom.trustedProxyHeader, 'x-forwarded-user');
  assert.throws(() => readWebUiConfig({ env: { STEREO_SPOT_MAX_UPLOAD_BYTES: '-1', STEREO_SPOT_BASIC_AUTH: 'nocolon' } }), /STEREO_SPOT_MAX_UPLOAD_BYTES.*STEREO_SPOT_BASIC_AUTH/);
});
