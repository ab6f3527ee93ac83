import assert from 'node:assert/strict';
import type { Backend, QueueName } from '@stereo-spot/shared-types';
import { waitFor } from './operator-scenarios.ts';
import { startCli } from './run-cli.ts';

/**
 * Uses up every delivery of a job's chunking message the way a worker that dies on it does: `stereo-spot worker
 * chunking` is started and SIGKILLed the moment it has probed the job's source (before it can finish), `times`
 * times. Nothing handles a failure, so the job stays active: only the dead-letter queue knows.
 */
export async function killChunkingOnEveryDelivery({ jobId, times, args, env, timeoutMs = 60_000 }: { jobId: string; times: number; args: string[]; env: Record<string, string>; timeoutMs?: number }): Promise<void> {
  for (let attempt = 1; attempt <= times; attempt++) {
    const worker = startCli(['worker', 'chunking', ...args], env);
    let output = '';
    worker.child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('\n').some((line) => line.includes('source probed') && line.includes(jobId))) worker.child.kill('SIGKILL');
    });
    const timer = setTimeout(() => worker.child.kill('SIGTERM'), timeoutMs);
    const result = await worker.result;
    clearTimeout(timer);
    assert.equal(result.signal, 'SIGKILL', `delivery ${attempt} never reached the worker (exit ${result.code}): ${result.stderr}${result.stdout.slice(-2000)}`);
  }
}

/** The next receive after the last allowed one moves the message to the dead-letter queue (the queue's own redrive). */
export async function redriveToDeadLetterQueue({ backend, queue, expected }: { backend: Pick<Backend, 'queues' | 'deadLetterQueue'>; queue: QueueName; expected: number }): Promise<void> {
  await waitFor({
    what: `${expected} message(s) in the ${queue} dead-letter queue`,
    check: async () => {
      const delivered = await backend.queues[queue].receive({ maxMessages: 10, waitSeconds: 1, visibilityTimeoutSec: 0 });
      assert.deepEqual(delivered, [], 'no delivery left: the message goes to the dead-letter queue instead');
      return (await backend.deadLetterQueue(queue).count()) >= expected;
    },
  });
}
