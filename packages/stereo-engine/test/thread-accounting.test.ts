import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { OrderedWorkerPool } from '../src/pipeline/ordered-worker-pool.ts';
import { DRAW_THREAD_NAME } from '../src/pipeline/name-thread.ts';
import { threadCpuMs } from '../src/pipeline/thread-cpu-ms.ts';

const linux = process.platform === 'linux' ? false : 'reads Linux /proc';

test("threadCpuMs counts this thread's CPU, not time spent waiting", { skip: linux }, async () => {
  const before = threadCpuMs();
  const wallFrom = performance.now();
  let spin = 0;
  while (performance.now() - wallFrom < 60) spin++;
  const busy = threadCpuMs() - before;
  const wall = performance.now() - wallFrom;
  // Never more than the wall clock; less only by what other threads and processes took of the core meanwhile.
  assert.ok(spin > 0 && busy > 5 && busy <= wall + 5, `busy ${busy} ms in ${wall} ms`);
  const idleFrom = threadCpuMs();
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(threadCpuMs() - idleFrom < 30, 'a sleep costs (almost) no CPU');
});

test('the worker pool names its threads stereo-draw, as top -H and the benchmarks see them', { skip: linux }, async () => {
  const module = new URL(`data:text/javascript,${encodeURIComponent('export default (n) => n + 1;')}`);
  const pool = new OrderedWorkerPool<number, number>({ module, size: 2 });
  try {
    assert.deepEqual(await Promise.all([1, 2, 3, 4].map((n) => pool.run(n))), [2, 3, 4, 5]);
    const names = readdirSync(`/proc/${process.pid}/task`).map((tid) => readFileSync(`/proc/${process.pid}/task/${tid}/comm`, 'utf8').trim());
    assert.equal(names.filter((name) => name === DRAW_THREAD_NAME).length, 2, names.join(','));
  } finally {
    await pool.close();
  }
});
