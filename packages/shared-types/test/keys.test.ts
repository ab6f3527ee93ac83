import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  buildConvertedSegmentKey,
  buildFinalKey,
  buildSegmentKey,
  buildSourceKey,
  buildStreamsKey,
  InvalidKeyError,
  isConvertedSegmentKey,
  isSegmentKey,
  MAX_SEGMENTS,
  OUTPUT_FORMATS,
  parseConvertedSegmentKey,
  parseFinalKey,
  parseSegmentKey,
  parseSourceKey,
  parseStreamsKey,
} from '../src/index.ts';

const jobIdArb = fc.uuid({ version: 4 });
const positionArb = fc.integer({ min: 1, max: MAX_SEGMENTS }).chain((total) => fc.record({ total: fc.constant(total), index: fc.integer({ min: 0, max: total - 1 }) }));

test('segment keys round-trip for every job id, position and format', () => {
  fc.assert(
    fc.property(jobIdArb, positionArb, fc.constantFrom(...OUTPUT_FORMATS), (jobId, { index, total }, mode) => {
      const key = buildSegmentKey({ jobId, segmentIndex: index, totalSegments: total, mode });
      assert.match(key, /^segments\/[0-9a-f-]{36}\/\d{5}_\d{5}_[a-z-]+\.mp4$/);
      assert.deepEqual(parseSegmentKey(key), { jobId, segmentIndex: index, totalSegments: total, mode });
    }),
  );
});

test('segment key has the documented shape', () => {
  const jobId = '0b7d1c4e-8a52-4f0e-9d6b-3f1f2a9c8e71';
  assert.equal(buildSegmentKey({ jobId, segmentIndex: 3, totalSegments: 12, mode: 'sbs-full' }), `segments/${jobId}/00003_00012_sbs-full.mp4`);
});

test('segment keys written by the seeds with format aliases parse to the canonical format', () => {
  const jobId = randomUUID();
  assert.equal(parseSegmentKey(`segments/${jobId}/00000_00002_sbs.mp4`).mode, 'sbs-full');
  assert.equal(parseSegmentKey(`segments/${jobId}/00001_00002_anaglyph.mp4`).mode, 'anaglyph-dubois');
});

test('malformed segment keys are rejected, never guessed', () => {
  const jobId = randomUUID();
  const bad = [
    `segments/${jobId}/00002_00002_sbs-full.mp4`, // index == total
    `segments/${jobId}/00000_00000_sbs-full.mp4`, // total 0
    `segments/${jobId}/0000_00002_sbs-full.mp4`, // 4 digits
    `segments/${jobId}/00000_00002_sbs-full.mkv`,
    `segments/${jobId}/00000_00002_3d.mp4`, // unknown mode
    `segments/${jobId.toUpperCase()}/00000_00002_sbs-full.mp4`,
    `segments/not-a-uuid/00000_00002_sbs-full.mp4`,
    `input/${jobId}/00000_00002_sbs-full.mp4`,
    `segments/${jobId}/00000_00002_sbs-full.mp4/extra`,
    ` segments/${jobId}/00000_00002_sbs-full.mp4`,
  ];
  for (const key of bad) {
    assert.throws(() => parseSegmentKey(key), InvalidKeyError, key);
    assert.equal(isSegmentKey(key), false, key);
  }
  assert.equal(isSegmentKey(buildSegmentKey({ jobId, segmentIndex: 1, totalSegments: 2, mode: 'sbs-full' })), true);
  assert.equal(isConvertedSegmentKey(buildConvertedSegmentKey({ jobId, segmentIndex: 1 })), true);
  assert.equal(isConvertedSegmentKey(buildSegmentKey({ jobId, segmentIndex: 1, totalSegments: 2, mode: 'sbs-full' })), false);
  assert.equal(isConvertedSegmentKey(`jobs/${jobId.toUpperCase()}/segments/1.mp4`), false);
});

test('arbitrary strings never parse as keys unless they are exactly a key', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 120 }), (key) => {
      for (const parse of [parseSegmentKey, parseSourceKey, parseFinalKey, parseConvertedSegmentKey, parseStreamsKey]) {
        try {
          parse(key);
        } catch (error) {
          assert.ok(error instanceof InvalidKeyError);
        }
      }
    }),
  );
});

test('source, streams, converted segment and final keys round-trip', () => {
  fc.assert(
    fc.property(jobIdArb, fc.integer({ min: 0, max: MAX_SEGMENTS - 1 }), (jobId, segmentIndex) => {
      assert.equal(buildSourceKey(jobId), `input/${jobId}/source.mp4`);
      assert.deepEqual(parseSourceKey(buildSourceKey(jobId)), { jobId });
      assert.deepEqual(parseStreamsKey(buildStreamsKey(jobId)), { jobId });
      assert.equal(buildFinalKey({ jobId: jobId }), `jobs/${jobId}/final.mp4`);
      assert.deepEqual(parseFinalKey(buildFinalKey({ jobId: jobId })), { jobId, container: 'mp4' });
      assert.equal(buildFinalKey({ jobId, container: 'mkv' }), `jobs/${jobId}/final.mkv`);
      assert.deepEqual(parseFinalKey(buildFinalKey({ jobId, container: 'mkv' })), { jobId, container: 'mkv' });
      const converted = buildConvertedSegmentKey({ jobId, segmentIndex });
      assert.equal(converted, `jobs/${jobId}/segments/${segmentIndex}.mp4`);
      assert.deepEqual(parseConvertedSegmentKey(converted), { jobId, segmentIndex });
    }),
  );
});

test('converted segment keys with leading zeros or negative numbers are rejected', () => {
  const jobId = randomUUID();
  for (const key of [`jobs/${jobId}/segments/01.mp4`, `jobs/${jobId}/segments/-1.mp4`, `jobs/${jobId}/segments/1.5.mp4`, `jobs/${jobId}/segments/.mp4`]) {
    assert.throws(() => parseConvertedSegmentKey(key), InvalidKeyError, key);
  }
});

test('builders refuse what they could not parse back', () => {
  assert.throws(() => buildSourceKey('../etc'), InvalidKeyError);
  assert.throws(() => buildSegmentKey({ jobId: randomUUID(), segmentIndex: 5, totalSegments: 5, mode: 'cross' }), InvalidKeyError);
  assert.throws(() => buildSegmentKey({ jobId: randomUUID(), segmentIndex: 0, totalSegments: MAX_SEGMENTS + 1, mode: 'cross' }), InvalidKeyError);
  assert.throws(() => buildConvertedSegmentKey({ jobId: randomUUID(), segmentIndex: -1 }), InvalidKeyError);
});
