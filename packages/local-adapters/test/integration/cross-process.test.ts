import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { openLocalBackend } from '../../src/index.ts';
import { makeTempDir, sleep } from '../helpers.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/queue-client.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

interface Delivery {
  id: string;
  receiveCount: number;
}

/** Starts the fixture; `lines` yields its stdout lines parsed as JSON. */
function startClient(args: string[]): { child: ChildProcess; lines: AsyncIterator<unknown>; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  // The iterator is made now: readline drops lines that arrive before anyone iterates.
  const reader = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const lines = (async function* () {
    for (let r = await reader.next(); !r.done; r = await reader.next()) yield JSON.parse(r.value) as unknown;
  })();
  return { child, lines, exited };
}

async function nextLine(lines: AsyncIterator<unknown>): Promise<unknown> {
  const { value, done } = await lines.next();
  assert.equal(done, false, 'the client ended before printing');
  return value;
}

test('a message held by a process killed with SIGKILL is receivable at once after releaseOrphanedMessages', async (t) => {
  const { dir, cleanup } = await makeTempDir();
  t.after(cleanup);
  const backend = await openLocalBackend({ dataDir: dir });
  t.after(() => backend.close());
  const id = await backend.queues.chunking.send({ body: 'interrupted job' });

  const client = startClient(['hold', dir, 'chunking']);
  t.after(() => client.child.kill('SIGKILL'));
  const held = (await nextLine(client.lines)) as Delivery;
  assert.deepEqual(held, { id, receiveCount: 1 });
  assert.equal(await backend.releaseOrphanedMessages(), 0, 'the holder is still alive');
  assert.deepEqual(await backend.queues.chunking.receive({ maxMessages: 1, waitSeconds: 0, visibilityTimeoutSec: 30 }), []);

  client.child.kill('SIGKILL');
  await client.exited;
  assert.equal(await backend.releaseOrphanedMessages(), 1);
  const start = Date.now();
  const [message] = await backend.queues.chunking.receive({ maxMessages: 1, waitSeconds: 1, visibilityTimeoutSec: 30 });
  // Released, it is there at once: well inside the 1-s long poll (a message still held would use it all up).
  assert.ok(Date.now() - start < 800, `no wait for the visibility timeout: ${Date.now() - start} ms`);
  assert.equal(message?.id, id);
  assert.equal(message?.receiveCount, 2);
  assert.equal(await backend.releaseOrphanedMessages(), 0, 'the new holder (this process) is alive');
});

test('two processes and this one receiving from one queue never get the same message', async (t) => {
  const { dir, cleanup } = await makeTempDir();
  t.after(cleanup);
  const backend = await openLocalBackend({ dataDir: dir });
  t.after(() => backend.close());
  const queue = backend.queues['video-worker'];
  const clients = [startClient(['drain', dir, 'video-worker']), startClient(['drain', dir, 'video-worker'])];
  t.after(() => clients.forEach((c) => c.child.kill('SIGKILL')));
  for (const c of clients) assert.equal(await nextLine(c.lines), 'ready');

  const total = 150;
  const sent = new Set<string>();
  const sending = (async () => {
    for (let i = 0; i < total; i += 1) sent.add(await queue.send({ body: `segment ${i}` }));
  })();
  const collect = async (lines: AsyncIterator<unknown>) => {
    const got: Delivery[] = [];
    for (let r = await lines.next(); !r.done; r = await lines.next()) got.push(r.value as Delivery);
    return got;
  };
  const local = (async () => {
    const got: Delivery[] = [];
    for (;;) {
      const messages = await queue.receive({ maxMessages: 2, waitSeconds: 1, visibilityTimeoutSec: 30 });
      if (messages.length === 0) return got;
      for (const m of messages) {
        got.push({ id: m.id, receiveCount: m.receiveCount });
        await sleep(3); // some work, as the children do, so that they get their share
        await queue.delete(m.receiptHandle);
      }
    }
  })();
  const [, mine, ...theirs] = await Promise.all([sending, local, ...clients.map((c) => collect(c.lines))]);
  await Promise.all(clients.map((c) => c.exited));
  for (const c of clients) assert.equal(c.child.exitCode, 0);

  const all = [mine, ...theirs].flat();
  assert.equal(all.length, total, `deliveries: this process ${mine.length}, children ${theirs.map((d) => d.length).join(', ')}`);
  assert.deepEqual(new Set(all.map((d) => d.id)), sent);
  assert.ok(all.every((d) => d.receiveCount === 1));
  assert.ok(theirs.every((d) => d.length > 0), 'every child process received some messages');
});
