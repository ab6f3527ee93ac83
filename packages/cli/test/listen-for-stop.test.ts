import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { listenForStop } from '../src/listen-for-stop.ts';

test('first SIGINT or SIGTERM: graceful; a repeat of the same press is ignored; the next press: now; a third: exit', async () => {
  const source = new EventEmitter();
  let forced = 0;
  const stops = listenForStop({ source, samePressMs: 100, forceAfterMs: 60_000, forceExit: () => void forced++ });
  source.emit('SIGINT');
  assert.ok(stops.graceful.aborted);
  // `npm start` passes the terminal's SIGINT on to a process that already got it.
  source.emit('SIGINT');
  assert.ok(!stops.now.aborted, 'the forwarded copy of the same Ctrl-C is not a second one');
  await sleep(150);
  source.emit('SIGTERM');
  assert.ok(stops.now.aborted);
  assert.equal(forced, 0);
  await sleep(150);
  source.emit('SIGINT');
  assert.equal(forced, 1);
  stops.dispose();
  assert.equal(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM'), 0);
});

test('a stop now that hangs exits after forceAfterMs', async () => {
  const source = new EventEmitter();
  let forcedAt: number | undefined;
  const stops = listenForStop({ source, samePressMs: 0, forceAfterMs: 200, forceExit: () => void (forcedAt ??= Date.now()) });
  source.emit('SIGTERM');
  await sleep(10);
  const nowAt = Date.now();
  source.emit('SIGTERM');
  await sleep(400);
  assert.ok(forcedAt !== undefined && forcedAt - nowAt >= 190, `forced ${(forcedAt ?? NaN) - nowAt} ms after the stop now`);
  stops.dispose();
});
