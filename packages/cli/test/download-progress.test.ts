import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downloadProgress } from '../src/models/download-progress.ts';

function fakeSink(isTTY: boolean) {
  const written: string[] = [];
  return { written, sink: { write: (text: string) => void written.push(text), isTTY } };
}

test('download progress on a terminal: one line redrawn in place, at most every redrawMs, always at 100 %', () => {
  let clock = 0;
  const { written, sink } = fakeSink(true);
  const progress = downloadProgress({ sink, label: 'da-v2-small', redrawMs: 100, now: () => clock });
  for (let received = 0; received <= 10_000_000; received += 100_000) {
    clock += 10;
    progress.update(received, 10_000_000);
  }
  progress.finish();
  assert.ok(written.length >= 10 && written.length <= 12, String(written.length));
  assert.ok(written.slice(0, -1).every((text) => text.startsWith('\r\x1b[K') && !text.includes('\n')));
  assert.match(written.at(-2) ?? '', /da-v2-small: 100% 10\.0\/10\.0 MB/);
  assert.equal(written.at(-1), '\n');
});

test('download progress elsewhere: a plain line at each quarter; by 100 MB when the size is unknown', () => {
  const { written, sink } = fakeSink(false);
  const progress = downloadProgress({ sink, label: 'm', now: () => 0 });
  for (let received = 0; received <= 1000; received += 10) progress.update(received, 1000);
  progress.finish();
  assert.deepEqual(written.map((line) => /(\d+)%/.exec(line)?.[1]), ['0', '25', '50', '75', '100']);
  assert.ok(written.every((line) => line.endsWith('\n') && !line.includes('\r')));

  const unknown = fakeSink(false);
  const sized = downloadProgress({ sink: unknown.sink, label: 'm', now: () => 0 });
  for (let received = 0; received <= 250_000_000; received += 1_000_000) sized.update(received, undefined);
  assert.equal(unknown.written.length, 3);
});
