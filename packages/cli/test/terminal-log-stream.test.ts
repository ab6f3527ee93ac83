import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { formatTerminalLine, terminalLogStream } from '../src/terminal-log-stream.ts';

const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: '2026-12-07T12:04:31.123Z', ...fields });

test('job events read as one line each; everything else stays in the log file', () => {
  assert.equal(formatTerminalLine(line({ msg: 'job created', job_id: '610c989b-1111-4111-8111-111111111111' })), '12:04:31  job 610c989b  job created\n');
  assert.equal(formatTerminalLine(line({ msg: 'segment converted', job_id: '610c989b-1111-4111-8111-111111111111', segment_index: 1, total_segments: 5 })), '12:04:31  job 610c989b  segment 2/5 converted\n');
  assert.equal(formatTerminalLine(line({ msg: 'job failed', level: 50, job_id: '610c989b-1111-4111-8111-111111111111', stage: 'chunking', reason: 'the file is not a video' })), '12:04:31  job 610c989b  failed: the file is not a video\n');
  assert.equal(formatTerminalLine(line({ msg: 'message received', job_id: 'x' })), undefined);
  assert.equal(formatTerminalLine(line({ msg: 'lease renewal failed', level: 40, err: 'throttled' })), '12:04:31  warning: lease renewal failed: throttled\n');
  assert.equal(formatTerminalLine('not json'), undefined);
});

test('the stream writes only the readable lines, several JSON lines in one chunk included', async () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const stream = terminalLogStream(out);
  stream.write(`${line({ msg: 'request refused' })}\n${line({ msg: 'job completed', job_id: '610c989b-1111-4111-8111-111111111111' })}\n`);
  await new Promise((resolve) => stream.end(resolve));
  assert.equal(text, '12:04:31  job 610c989b  completed\n');
});
