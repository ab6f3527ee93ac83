import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, withLogFields } from '../src/index.ts';

function capture(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

test('withLogFields adds the fields a logger lacks, keeps those it has, and never repeats a key', () => {
  const { lines, destination } = capture();
  const worker = createLogger({ name: 'test', destination }).child({ stage: 'video', job_id: 'j1' });
  withLogFields(worker, { job_id: 'j1', segment_index: 3, stage: 'trigger' }).info('one');
  withLogFields(createLogger({ name: 'test', destination }), { job_id: 'j2', stage: 'trigger' }).info('two');
  const [one, two] = lines;
  assert.deepEqual([one?.match(/"job_id"/g)?.length, one?.match(/"stage"/g)?.length], [1, 1], one);
  assert.deepEqual(JSON.parse(one ?? '{}'), { ...JSON.parse(one ?? '{}'), stage: 'video', job_id: 'j1', segment_index: 3 });
  assert.equal(JSON.parse(two ?? '{}').stage, 'trigger', 'alone, the fields are added');
  assert.equal(withLogFields(worker, { stage: 'x' }), worker, 'nothing to add: the same logger');
});
