import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mapOrdered } from '../src/pipeline/map-ordered.js';
import { OrderedWorkerPool } from '../src/pipeline/ordered-worker-pool.js';
import { readAhead } from '../src/pipeline/read-ahead.js';

/** A task module in plain JavaScript, inline: the pool imports it by URL like any other. */
function taskModule(code: string): URL {
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

const ECHO_AFTER_RANDOM_DELAY = taskModule(`
  export default async ({ n, data }) => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
    return { n, sum: data.reduce((a, b) => a + b, 0), data, thread: (await import('node:worker_threads')).threadId };
  };
`);

describe('OrderedWorkerPool', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stereo-pool-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs tasks on several threads, keeps submission order through mapOrdered and transfers buffers', async () => {
    const pool = new OrderedWorkerPool<{ n: number; data: Uint8Array }, { n: number; sum: number; data: Uint8Array; thread: number }>({ module: ECHO_AFTER_RANDOM_DELAY, size: 3 });
    try {
      const sent: Uint8Array[] = [];
      async function* inputs(): AsyncGenerator<{ n: number; data: Uint8Array }> {
        for (let n = 0; n < 40; n++) {
          const data = new Uint8Array(1000).fill(n % 7);
          sent.push(data);
          yield { n, data };
        }
      }
      let maxPending = 0;
      const results = [];
      for await (const result of mapOrdered(inputs(), {
        limit: 5,
        run: (input) => {
          const promise = pool.run(input, [input.data.buffer as ArrayBuffer]);
          maxPending = Math.max(maxPending, pool.pending);
          return promise;
        },
      })) {
        results.push(result);
      }
      assert.deepEqual(results.map((r) => r.n), Array.from({ length: 40 }, (_, n) => n));
      assert.deepEqual(results.map((r) => r.sum), results.map((r) => (r.n % 7) * 1000));
      assert.ok(sent.every((data) => data.byteLength === 0), 'inputs were transferred (detached here), not copied');
      assert.ok(results.every((r) => r.data.length === 1000), 'outputs came back whole');
      assert.ok(new Set(results.map((r) => r.thread)).size > 1, 'more than one worker thread did work');
      assert.ok(maxPending <= 5, `at most 5 tasks in flight, saw ${maxPending}`);
    } finally {
      await pool.close();
    }
  });

  it('rejects a task that throws with its message, and keeps working', async () => {
    const pool = new OrderedWorkerPool<number, number>({
      module: taskModule(`export function process(n) { if (n === 2) throw new RangeError('no twos here'); return n * 10; }`),
      size: 1,
    });
    try {
      await assert.rejects(pool.run(2), { name: 'RangeError', message: 'no twos here' });
      assert.equal(await pool.run(3), 30, 'the named `process` export is used when there is no default');
    } finally {
      await pool.close();
    }
  });

  it('fails pending and later tasks clearly when a worker dies', async () => {
    const pool = new OrderedWorkerPool<number, number>({
      module: taskModule(`export default (n) => { if (n === 1) process.exit(7); return new Promise((r) => setTimeout(() => r(n), 50)); }`),
      size: 2,
    });
    try {
      const results = [pool.run(0), pool.run(1), pool.run(2)].map((p) => p.then((v) => ({ v }), (e: Error) => ({ e })));
      const settled = await Promise.all(results);
      const failures = settled.filter((r): r is { e: Error } => 'e' in r);
      assert.ok(failures.length >= 1);
      for (const { e } of failures) assert.match(e.message, /worker exited unexpectedly \(code 7\)/);
      await assert.rejects(pool.run(5), /worker exited unexpectedly/);
    } finally {
      await pool.close();
    }
  });

  it('reports a task module without a task function', async () => {
    const pool = new OrderedWorkerPool<number, number>({ module: taskModule(`export const x = 1;`), size: 1 });
    try {
      await assert.rejects(pool.run(1), /exports no function as default or `process`/);
    } finally {
      await pool.close();
    }
  });

  it('close() terminates the workers and rejects what is still pending', async () => {
    const pool = new OrderedWorkerPool<number, number>({ module: taskModule(`export default () => new Promise(() => {});`), size: 1 });
    const pending = assert.rejects(pool.run(1), /closed/);
    await pool.close();
    await pending;
    await assert.rejects(pool.run(2), /closed/);
  });

  it('loads TypeScript task modules in a process that started tsx with register() (no --import tsx)', async () => {
    const script = join(dir, 'register-started.mjs');
    const url = (path: string): string => new URL(path, import.meta.url).href;
    await writeFile(
      script,
      `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
if (process.execArgv.length) throw new Error('expected a bare node, got ' + process.execArgv.join(' '));
const { OrderedWorkerPool } = await import(${JSON.stringify(url('../src/pipeline/ordered-worker-pool.ts'))});
const { planeSizes } = await import(${JSON.stringify(url('../src/frame.ts'))});
const frame = { format: 'yuv420p', width: 4, height: 2, planes: planeSizes({ format: 'yuv420p', width: 4, height: 2 }).map((s) => ({ ...s, data: new Uint8Array(s.width * s.height).fill(9) })) };
const pool = new OrderedWorkerPool({ module: new URL(${JSON.stringify(url('../src/pipeline/tasks/hstack-task.ts'))}), size: 1 });
try {
  const out = await pool.run({ payload: { frame }, index: 0 });
  console.log(JSON.stringify({ width: out.width, bytes: out.planes[0].data.length }));
} finally {
  await pool.close();
}
`,
    );
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), { width: 8, bytes: 16 });
  });
});

describe('readAhead', () => {
  it('pulls at most `size` items ahead of the consumer', async () => {
    let produced = 0;
    async function* source(): AsyncGenerator<number> {
      for (let i = 0; i < 20; i++) {
        produced++;
        yield i;
      }
    }
    const seen: number[] = [];
    for await (const value of readAhead(source(), 3)) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      assert.ok(produced - seen.length <= 4, `producer ran ${produced - seen.length} ahead`);
      seen.push(value);
    }
    assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => i));
  });

  it('stops the source when the consumer stops early', async () => {
    let finished = false;
    async function* source(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        finished = true;
      }
    }
    for await (const value of readAhead(source(), 2)) if (value === 5) break;
    assert.equal(finished, true);
  });
});
