import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, PermanentError, silentLogger, TransientStorageError } from '@stereo-spot/shared-types';
import { retryStart, WorkerHealth } from '../src/index.ts';

test('retryStart: a retryable failure is logged and tried again with growing waits until the start succeeds', async () => {
  const lines: Array<{ msg: string; attempts: number; retry_in_ms: number; err: string }> = [];
  const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString())), done()) });
  let calls = 0;
  const result = await retryStart({
    what: 'workers',
    logger: createLogger({ name: 'test', destination }),
    signal: new AbortController().signal,
    baseDelayMs: 5,
    maxDelayMs: 12,
    attempt: async () => {
      calls += 1;
      if (calls < 4) throw new TransientStorageError('database is busy');
      return 'started';
    },
  });
  assert.equal(result, 'started');
  assert.equal(calls, 4);
  assert.deepEqual(
    lines.map(({ msg, attempts, retry_in_ms, err }) => ({ msg, attempts, retry_in_ms, err })),
    [1, 2, 3].map((attempts) => ({ msg: 'could not start the workers yet; trying again', attempts, retry_in_ms: [5, 10, 12][attempts - 1], err: 'database is busy' })),
  );
});

test('retryStart: a permanent or unknown failure stops the start at once, with that error', async () => {
  for (const error of [new PermanentError('no such queue'), new Error('EACCES: permission denied')]) {
    let calls = 0;
    const attempt = async () => {
      calls += 1;
      throw error;
    };
    await assert.rejects(retryStart({ what: 'workers', logger: silentLogger(), signal: new AbortController().signal, baseDelayMs: 1, attempt }), error);
    assert.equal(calls, 1, error.message);
  }
});

test('retryStart: stopped while waiting, it resolves undefined without another attempt', async () => {
  const stop = new AbortController();
  let calls = 0;
  const result = await retryStart({
    what: 'workers',
    logger: silentLogger(),
    signal: stop.signal,
    baseDelayMs: 60_000,
    attempt: async () => {
      calls += 1;
      setImmediate(() => stop.abort());
      throw new TransientStorageError('throttled');
    },
  });
  assert.equal(result, undefined);
  assert.equal(calls, 1);
});

test('retryStart: while it waits the process is live but not ready; once started the start loop no longer counts', async () => {
  const health = new WorkerHealth();
  let calls = 0;
  const seen: Array<{ live: boolean; ready: boolean }> = [];
  await retryStart({
    what: 'workers',
    logger: silentLogger(),
    signal: new AbortController().signal,
    health,
    baseDelayMs: 1,
    attempt: async () => {
      seen.push({ live: health.liveness().ok, ready: health.readiness().ok });
      calls += 1;
      if (calls < 2) throw new TransientStorageError('throttled');
    },
  });
  assert.deepEqual(seen, [{ live: true, ready: false }, { live: true, ready: false }]);
  assert.deepEqual(health.liveness().loops, [], 'the start loop is gone once the start is done');
});
