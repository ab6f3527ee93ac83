import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  buildReassemblyPayload,
  buildS3Event,
  createJobRequestSchema,
  InvalidMessageError,
  isJobId,
  isPermanent,
  jobSchema,
  parseOutputFormat,
  parseReassemblyPayload,
  parseS3Event,
  PermanentError,
  queuesNotifiedFor,
  RetryableError,
  toJobView,
  TransientStorageError,
  InvalidInputError,
} from '../src/index.ts';

test('formats: canonical names, aliases, unknown names', () => {
  assert.equal(parseOutputFormat('tb-half'), 'tb-half');
  assert.equal(parseOutputFormat('sbs'), 'sbs-full');
  assert.equal(parseOutputFormat('anaglyph'), 'anaglyph-dubois');
  assert.equal(parseOutputFormat('toString'), undefined);
  assert.equal(parseOutputFormat('SBS'), undefined);
});

test('create-job request applies defaults, accepts aliases and rejects bad values with a readable message', () => {
  assert.deepEqual(createJobRequestSchema.parse({ format: 'sbs' }), { format: 'sbs-full', depth: 'heuristic' });
  const bad = createJobRequestSchema.safeParse({ format: '3d' });
  assert.equal(bad.success, false);
  assert.match(bad.error?.issues[0]?.message ?? '', /unknown format "3d"; expected one of sbs-full/);
  assert.equal(createJobRequestSchema.safeParse({ format: 'sbs-full', convergence: 2 }).success, false);
  assert.equal(createJobRequestSchema.safeParse({ format: 'sbs-full', depth: 'magic' }).success, false);
});

test('job ids are lowercase UUIDs', () => {
  assert.ok(isJobId(randomUUID()));
  assert.ok(!isJobId(randomUUID().toUpperCase()));
  assert.ok(!isJobId('1234'));
  assert.ok(!isJobId(`${randomUUID()}\n`));
});

test('a job record validates, and failed jobs carry stage and message', () => {
  const now = Date.now();
  const job = { job_id: randomUUID(), status: 'failed', format: 'cross', options: { depth: 'passthrough' }, created_at: now, updated_at: now, error: { stage: 'chunking', message: 'the file is not a video' } };
  assert.deepEqual(jobSchema.parse(job), job);
  assert.equal(jobSchema.safeParse({ ...job, status: 'paused' }).success, false);
  assert.equal(jobSchema.safeParse({ ...job, error: { stage: 'upload', message: 'x' } }).success, false);
  const view = toJobView({ job: jobSchema.parse(job), segmentsDone: 0 });
  assert.deepEqual(view.error, { stage: 'chunking', message: 'the file is not a video' });
  assert.equal('result_url' in view, false);
});

test('S3 events: built events parse back, keys are URL-decoded, test events are dropped', () => {
  const key = `input/${randomUUID()}/source.mp4`;
  const event = buildS3Event({ bucketName: 'in-bucket', key, size: 42 });
  assert.deepEqual(parseS3Event(JSON.stringify(event)), [{ bucketName: 'in-bucket', key, size: 42 }]);
  const spaced = buildS3Event({ bucketName: 'b', key: 'a dir/x y+z.mp4' });
  assert.equal(spaced.Records[0]?.s3.object.key, 'a+dir/x+y%2Bz.mp4');
  assert.equal(parseS3Event(JSON.stringify(spaced))[0]?.key, 'a dir/x y+z.mp4');
  assert.deepEqual(parseS3Event(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'b' })), []);
  assert.throws(() => parseS3Event('not json'), InvalidMessageError);
  assert.throws(() => parseS3Event('{"Records": []}'), InvalidMessageError);
  assert.throws(() => parseS3Event('{"job_id": "x"}'), InvalidMessageError);
});

test('reassembly payload is {"job_id"} and nothing else parses', () => {
  const jobId = randomUUID();
  assert.equal(buildReassemblyPayload(jobId), JSON.stringify({ job_id: jobId }));
  assert.deepEqual(parseReassemblyPayload(buildReassemblyPayload(jobId)), { job_id: jobId });
  assert.throws(() => parseReassemblyPayload('{"job_id": "nope"}'), InvalidMessageError);
  assert.throws(() => parseReassemblyPayload('{'), InvalidMessageError);
});

test('notification rules route input sources to chunking and segments to the video worker only', () => {
  const jobId = randomUUID();
  assert.deepEqual(queuesNotifiedFor({ bucket: 'input', key: `input/${jobId}/source.mp4` }), ['chunking']);
  assert.deepEqual(queuesNotifiedFor({ bucket: 'input', key: `segments/${jobId}/00000_00001_sbs-full.mp4` }), ['video-worker']);
  assert.deepEqual(queuesNotifiedFor({ bucket: 'input', key: `input/${jobId}/streams.mkv` }), []);
  assert.deepEqual(queuesNotifiedFor({ bucket: 'output', key: `jobs/${jobId}/final.mp4` }), []);
});

test('typed errors say whether to retry', () => {
  assert.ok(isPermanent(new InvalidInputError('x')));
  assert.ok(new InvalidInputError('x') instanceof PermanentError);
  assert.ok(!isPermanent(new TransientStorageError('x')));
  assert.ok(new TransientStorageError('x') instanceof RetryableError);
  assert.ok(!isPermanent(new Error('unknown')), 'unknown errors are retried');
  assert.equal(new InvalidInputError('x').name, 'InvalidInputError');
});
