import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runTriggerCheck, type TriggerOutcome } from '@stereo-spot/reassembly-trigger';
import { buildFinalKey, buildReassemblyPayload, overrideMethods, silentLogger, type Backend, type ObjectStorage } from '@stereo-spot/shared-types';
import { inspectMedia } from '@stereo-spot/test-kit';
import { createSegmentModels, createVideoHandler } from '@stereo-spot/video-worker';
import { createChunkingHandler, createReassemblyHandler } from '../../src/index.ts';
import { handlerContext, receiveAll, setUpJob } from './pipeline-harness.ts';

/** A storage that counts the writes of final.mp4: the one thing that must happen exactly once. */
function countingFinalWrites(storage: ObjectStorage): { storage: ObjectStorage; finalWrites: () => number } {
  let writes = 0;
  const counted = overrideMethods(storage, {
    putFile: async (args) => {
      if (args.key.endsWith('/final.mp4')) writes += 1;
      return storage.putFile(args);
    },
  });
  return { storage: counted, finalWrites: () => writes };
}

function videoHandler(backend: Backend, workDir: string, outcomes: TriggerOutcome[]) {
  return createVideoHandler({
    backend,
    models: createSegmentModels(),
    workDir,
    afterCompletion: async ({ jobId }) => {
      outcomes.push(await runTriggerCheck({ jobId, jobs: backend.jobs, completions: backend.completions, lock: backend.lock, reassemblyQueue: backend.queues.reassembly, logger: silentLogger() }));
    },
  });
}

test('duplicate reassembly messages processed at the same time give one reassembly and one final file', async () => {
  const { backend, job, dir, cleanUp } = await setUpJob();
  try {
    const workDir = join(dir, 'work');
    const outcomes: TriggerOutcome[] = [];
    const [chunkingMessage] = await receiveAll(backend, 'chunking');
    assert.ok(chunkingMessage);
    await createChunkingHandler({ backend, workDir }).handle(handlerContext(chunkingMessage));
    const video = videoHandler(backend, workDir, outcomes);
    for (const message of await receiveAll(backend, 'video-worker')) await video.handle(handlerContext(message));
    assert.equal(outcomes.filter((outcome) => outcome === 'triggered').length, 1, `one trigger: ${outcomes.join(',')}`);

    await backend.queues.reassembly.send({ body: buildReassemblyPayload(job.job_id) });
    await backend.queues.reassembly.send({ body: buildReassemblyPayload(job.job_id) });
    const messages = await receiveAll(backend, 'reassembly');
    assert.equal(messages.length, 3);

    const { storage, finalWrites } = countingFinalWrites(backend.storage);
    const handlers = [0, 1, 2].map(() => createReassemblyHandler({ backend: { ...backend, storage }, workDir }));
    await Promise.all(messages.map((message, i) => handlers[i]?.handle(handlerContext(message))));

    assert.equal(finalWrites(), 1);
    const done = await backend.jobs.get(job.job_id);
    assert.equal(done?.status, 'completed');
    assert.ok(done?.completed_at);
    // A late duplicate after completion changes nothing.
    await backend.queues.reassembly.send({ body: buildReassemblyPayload(job.job_id) });
    const [late] = await receiveAll(backend, 'reassembly');
    assert.ok(late);
    await handlers[0]?.handle(handlerContext(late));
    assert.equal(finalWrites(), 1);
    assert.equal((await backend.jobs.get(job.job_id))?.completed_at, done?.completed_at);
    const final = join(dir, 'final.mp4');
    await backend.storage.getToFile({ bucket: 'output', key: buildFinalKey({ jobId: job.job_id }), path: final });
    assert.equal((await inspectMedia(final)).videoFrames, 150);
  } finally {
    await cleanUp();
  }
});

test('all segments converted before chunking_complete: the chunking worker triggers the reassembly itself', async () => {
  const { backend, job, dir, cleanUp } = await setUpJob();
  try {
    const workDir = join(dir, 'work');
    const outcomes: TriggerOutcome[] = [];
    const video = videoHandler(backend, workDir, outcomes);
    // Hold the chunking worker just before its final update until every segment is converted.
    const jobs = overrideMethods(backend.jobs, {
      transition: async (args) => {
        if (args.to === 'chunking_complete') {
          for (const message of await receiveAll(backend, 'video-worker')) await video.handle(handlerContext(message));
        }
        return backend.jobs.transition(args);
      },
    });
    const [chunkingMessage] = await receiveAll(backend, 'chunking');
    assert.ok(chunkingMessage);
    await createChunkingHandler({ backend: { ...backend, jobs }, workDir }).handle(handlerContext(chunkingMessage));

    assert.equal(outcomes.length, 3);
    assert.deepEqual(new Set(outcomes), new Set(['not-chunked-yet']), 'the race happened: no completion could trigger');
    const reassembly = await receiveAll(backend, 'reassembly');
    assert.equal(reassembly.length, 1, 'the chunking worker sent the one reassembly message');
    await createReassemblyHandler({ backend, workDir }).handle(handlerContext(reassembly[0]!));
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'completed');
  } finally {
    await cleanUp();
  }
});

test('a reassembly whose worker died is taken over once its lease expires, from a message sent for that moment', async () => {
  const { backend, job, dir, cleanUp } = await setUpJob({ clipSeconds: 4 });
  try {
    const workDir = join(dir, 'work');
    const [chunkingMessage] = await receiveAll(backend, 'chunking');
    await createChunkingHandler({ backend, workDir }).handle(handlerContext(chunkingMessage!));
    const video = videoHandler(backend, workDir, []);
    for (const message of await receiveAll(backend, 'video-worker')) await video.handle(handlerContext(message));
    const [message] = await receiveAll(backend, 'reassembly');
    // The first worker took the lease, then died without releasing it (its message comes back to someone).
    assert.equal(await backend.lock.tryAcquire({ jobId: job.job_id, owner: 'dead-worker', leaseSec: 1 }), true);
    const handler = createReassemblyHandler({ backend, workDir });
    await handler.handle(handlerContext(message!));
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_complete', 'lease still held: nothing done yet');
    assert.deepEqual(await receiveAll(backend, 'reassembly'), [], 'the look-again message waits for the lease to end');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const [again] = await receiveAll(backend, 'reassembly');
    assert.ok(again, 'a message came back when the lease ended');
    await handler.handle(handlerContext(again));
    assert.equal((await backend.jobs.get(job.job_id))?.status, 'completed');
  } finally {
    await cleanUp();
  }
});
