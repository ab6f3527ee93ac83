import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { silentLogger, type QueueMessage, type QueueReceiver } from '@stereo-spot/shared-types';
import { newJob, withTempBackend } from '@stereo-spot/test-kit';
import { createWorkerMetrics, QueueWorker, startWorkerHttpServer, WorkerHealth, type MessageHandler, type WorkerHttpServer } from '../src/index.ts';

async function withServer(health: WorkerHealth, run: (get: (path: string) => Promise<{ status: number; body: string; type: string | null }>, registry: Registry) => Promise<void>): Promise<void> {
  const registry = new Registry();
  createWorkerMetrics({ registry }).messages.inc({ stage: 'video', outcome: 'ok' });
  const server: WorkerHttpServer = await startWorkerHttpServer({ port: 0, host: '127.0.0.1', registry, health, logger: silentLogger() });
  try {
    await run(async (path) => {
      const response = await fetch(`http://127.0.0.1:${server.port}${path}`, { signal: AbortSignal.timeout(5000) });
      return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
    }, registry);
  } finally {
    await server.close();
  }
}

test('health endpoints: 503 with no loop; ready after a receive answered; live until a loop stops beating', async () => {
  let now = 1_000_000;
  const health = new WorkerHealth({ now: () => now, slackMs: 0 });
  await withServer(health, async (get) => {
    assert.equal((await get('/healthz')).status, 503, 'no loop running');
    assert.equal((await get('/readyz')).status, 503);

    const loop = health.register({ name: 'video', beatEveryMs: 1000 });
    assert.equal((await get('/healthz')).status, 200);
    assert.equal((await get('/readyz')).status, 503, 'no receive has answered yet');
    loop.receiveSucceeded();
    assert.equal((await get('/readyz')).status, 200);
    loop.receiveFailed();
    assert.equal((await get('/readyz')).status, 503, 'the backend stopped answering');
    loop.receiveSucceeded();

    now += 1500;
    assert.equal((await get('/healthz')).status, 200, 'within two beat intervals');
    now += 1000;
    const stuck = await get('/healthz');
    assert.equal(stuck.status, 503, 'no beat for 2.5 intervals: stuck');
    assert.equal(JSON.parse(stuck.body).loops[0].last_beat_ms_ago, 2500);
    loop.beat();
    assert.equal((await get('/healthz')).status, 200, 'beating again');
    loop.close();
    assert.equal((await get('/healthz')).status, 503, 'loop ended');
  });
});

test('/metrics serves the registry in the Prometheus text format; other paths and methods are refused', async () => {
  await withServer(new WorkerHealth(), async (get) => {
    const metrics = await get('/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.type ?? '', /^text\/plain/);
    assert.match(metrics.body, /stereo_spot_messages_total\{stage="video",outcome="ok"\} 1/);
    assert.equal((await get('/nothing')).status, 404);
  });
});

/** A receiver whose receive never returns (a hung connection), ignoring the abort signal. */
function hungQueue(): QueueReceiver {
  return {
    maxReceiveCount: 3,
    receive: () => new Promise<QueueMessage[]>(() => undefined),
    delete: async () => undefined,
    changeVisibility: async () => undefined,
  };
}

test('a queue loop stuck in a receive fails liveness; a working loop stays live and ready', async () => {
  const tuning = { visibilityTimeoutSec: 0.3, waitSeconds: 0.05 };
  const handler: MessageHandler = { stage: 'video', subjectOf: () => undefined, handle: async () => undefined };
  await withTempBackend(async ({ backend }) => {
    const stuckHealth = new WorkerHealth({ slackMs: 0 });
    const stuck = new QueueWorker({ queue: hungQueue(), handler, jobs: backend.jobs, logger: silentLogger(), tuning, health: stuckHealth, metrics: createWorkerMetrics({ registry: new Registry() }) });
    stuck.start(); // never stopped: its receive never returns
    const workingHealth = new WorkerHealth({ slackMs: 0 });
    const working = new QueueWorker({ queue: backend.queues['video-worker'], handler, jobs: backend.jobs, logger: silentLogger(), tuning, health: workingHealth, metrics: createWorkerMetrics({ registry: new Registry() }) }).start();
    await backend.jobs.create(newJob());
    await sleep(500); // more than twice the beat interval (100 ms)
    assert.equal(stuckHealth.liveness().ok, false, 'stuck in receive');
    assert.equal(stuckHealth.readiness().ok, false, 'never answered');
    assert.equal(workingHealth.liveness().ok, true);
    assert.equal(workingHealth.readiness().ok, true);

    // A message that takes several beat intervals: the heartbeat keeps the loop live while it works.
    const busyHealth = new WorkerHealth({ slackMs: 300 });
    let handled = false;
    const slow: MessageHandler = { ...handler, handle: async () => void (await sleep(1200), (handled = true)) };
    const busy = new QueueWorker({ queue: backend.queues.chunking, handler: slow, jobs: backend.jobs, logger: silentLogger(), tuning, health: busyHealth, metrics: createWorkerMetrics({ registry: new Registry() }) }).start();
    await backend.queues.chunking.send({ body: 'slow' });
    await sleep(900); // beats expected every 200 ms (the heartbeat); stale after 700 ms without one
    assert.equal(handled, false, 'still working');
    assert.equal(busyHealth.liveness().ok, true, 'live while working');
    await busy.stop();

    await working.stop();
    assert.equal(workingHealth.liveness().ok, false, 'a stopped loop no longer counts');
  });
});
