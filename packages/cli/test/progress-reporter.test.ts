import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { estimateRemainingMs } from '@stereo-spot/shared-types';
import { formatProgress, ProgressReporter } from '../src/progress-reporter.ts';

test('progress line shows bar, counts, elapsed and ETA from the pace so far', () => {
  const line = formatProgress({ phase: 'converting', segmentsDone: 3, totalSegments: 8, elapsedMs: 12_000, convertingMs: 9_000 }, { barWidth: 8 });
  assert.equal(line, 'converting    [###-----]  37%  3/8 segments  elapsed 0:12  eta 0:15');
});

test('within one segment the bar and the ETA follow the frames the workers report', () => {
  const line = formatProgress({ phase: 'converting', segmentsDone: 0, totalSegments: 1, progress: 0.25, elapsedMs: 14_000, convertingMs: 10_000 }, { barWidth: 8 });
  assert.equal(line, 'converting    [##------]  25%  0/1 segments  elapsed 0:14  eta 0:30');
});

test('no ETA before the first segment, none outside the converting phase; hours shown when long', () => {
  assert.equal(estimateRemainingMs({ fractionDone: 0, convertingMs: 5000 }), undefined);
  assert.equal(estimateRemainingMs({ fractionDone: undefined, convertingMs: 5000 }), undefined);
  assert.equal(estimateRemainingMs({ fractionDone: 1, convertingMs: 5000 }), undefined);
  assert.doesNotMatch(formatProgress({ phase: 'converting', segmentsDone: 0, totalSegments: 4, elapsedMs: 1000, convertingMs: 1000 }), /eta/);
  assert.doesNotMatch(formatProgress({ phase: 'reassembling', segmentsDone: 4, totalSegments: 4, elapsedMs: 1000, convertingMs: 1000 }), /eta/);
  assert.match(formatProgress({ phase: 'chunking', segmentsDone: 0, elapsedMs: 3_725_000, convertingMs: 0 }), /elapsed 1:02:05$/);
});

function capture(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  (stream as { isTTY?: boolean }).isTTY = isTTY;
  let text = '';
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

test('without a terminal: one plain line per change, none for a clock tick', async () => {
  const { stream, text } = capture(false);
  const reporter = new ProgressReporter(stream);
  reporter.update({ phase: 'converting', segmentsDone: 1, totalSegments: 2, elapsedMs: 1000, convertingMs: 1000 });
  reporter.update({ phase: 'converting', segmentsDone: 1, totalSegments: 2, elapsedMs: 2000, convertingMs: 2000 });
  reporter.update({ phase: 'converting', segmentsDone: 2, totalSegments: 2, elapsedMs: 3000, convertingMs: 3000 });
  reporter.finish();
  await new Promise((resolve) => setImmediate(resolve));
  const lines = text().trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.ok(!text().includes('\r') && !text().includes('\x1b'), 'no terminal control characters');
});

test('on a terminal: redraws one line in place and ends it with a newline', async () => {
  const { stream, text } = capture(true);
  const reporter = new ProgressReporter(stream);
  reporter.update({ phase: 'converting', segmentsDone: 1, totalSegments: 2, elapsedMs: 1000, convertingMs: 1000 });
  reporter.update({ phase: 'converting', segmentsDone: 2, totalSegments: 2, elapsedMs: 2000, convertingMs: 2000 });
  reporter.finish();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(text().split('\r\x1b[2K').length, 3);
  assert.ok(text().endsWith('\n'));
  assert.equal(text().split('\n').length, 2);
});
