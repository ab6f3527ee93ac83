import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { buildSegmentKey } from '@stereo-spot/shared-types';
import { checkSegmentSet } from '../src/operations/check-segment-set.ts';

const jobId = randomUUID();
const keysOf = (total: number, indexes: number[], mode: 'sbs-full' | 'tb-half' = 'sbs-full') => indexes.map((segmentIndex) => buildSegmentKey({ jobId, segmentIndex, totalSegments: total, mode }));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test('a complete set: the total, the mode and the segments in index order, whatever the listing order', () => {
  const check = checkSegmentSet({ jobId, keys: keysOf(4, [2, 0, 3, 1]), format: 'sbs-full' });
  assert.ok(check.complete);
  assert.equal(check.totalSegments, 4);
  assert.equal(check.mode, 'sbs-full');
  assert.deepEqual(check.segments.map((s) => s.segmentIndex), [0, 1, 2, 3]);
  assert.deepEqual(check.segments.map((s) => s.key), keysOf(4, [0, 1, 2, 3]));
});

test('missing indexes are named; a long list is cut with the count', () => {
  const check = checkSegmentSet({ jobId, keys: keysOf(5, [0, 1, 3]), format: 'sbs-full' });
  assert.equal(check.complete, false);
  assert.deepEqual(!check.complete && check.problems, ['missing 2 of 5 segments: index 2, 4']);
  const many = checkSegmentSet({ jobId, keys: keysOf(100, [0]), format: 'sbs-full' });
  assert.match(!many.complete ? many.problems[0]! : '', /^missing 99 of 100 segments: index 1, 2, .*, 20 … \(99 in all\)$/);
});

test('inconsistent sets are refused: two totals, another mode than the job, a foreign or malformed key, nothing at all', () => {
  const totals = checkSegmentSet({ jobId, keys: [...keysOf(2, [0, 1]), ...keysOf(3, [2])], format: 'sbs-full' });
  assert.deepEqual(!totals.complete && totals.problems, ['segments disagree on the total: 2, 3']);
  const mode = checkSegmentSet({ jobId, keys: keysOf(2, [0, 1], 'tb-half'), format: 'sbs-full' });
  assert.deepEqual(!mode.complete && mode.problems, ["segments of mode tb-half but the job's format is sbs-full"]);
  const mixed = checkSegmentSet({ jobId, keys: [...keysOf(2, [0]), ...keysOf(2, [1], 'tb-half')], format: 'sbs-full' });
  assert.ok(!mixed.complete && mixed.problems.includes('segments disagree on the mode: sbs-full, tb-half'));
  const other = randomUUID();
  const foreign = checkSegmentSet({ jobId, keys: [...keysOf(2, [0, 1]), buildSegmentKey({ jobId: other, segmentIndex: 0, totalSegments: 2, mode: 'sbs-full' })], format: 'sbs-full' });
  assert.ok(!foreign.complete && foreign.problems.some((p) => p.includes(`belongs to job ${other}`)));
  const junk = checkSegmentSet({ jobId, keys: [...keysOf(2, [0, 1]), `segments/${jobId}/notes.txt`], format: 'sbs-full' });
  assert.ok(!junk.complete && junk.problems.some((p) => p.startsWith('not a segment key: ')));
  const none = checkSegmentSet({ jobId, keys: [], format: 'sbs-full' });
  assert.deepEqual(!none.complete && none.problems, [`no segments under segments/${jobId}/`]);
  assert.ok(checkSegmentSet({ jobId, keys: keysOf(12, range(12)), format: 'sbs-full' }).complete);
});
