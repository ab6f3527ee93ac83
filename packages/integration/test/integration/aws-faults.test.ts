import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertFaultRun, describeFaultRun, readFaultKnobs, runFaultRun, type FaultTarget } from '@stereo-spot/test-kit';
import { startAwsEmulators, startAwsFaultTarget, type AwsEmulators } from '../../src/index.ts';

// Bounded here (part of `npm test`); `npm run test:faults:aws` runs it long, with the embedded suite's knobs.
const { goodJobs, kills, storageWindows, seed, timeoutMs, logDir } = readFaultKnobs();

let emulators: AwsEmulators;
let dir: string;
let target: FaultTarget;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-aws-faults-'));
  emulators = await startAwsEmulators();
  target = await startAwsFaultTarget({ emulators, dir, storageWindows });
});
after(async () => {
  await target?.close();
  await emulators?.stop();
  await rm(dir, { recursive: true, force: true });
});

test(
  `AWS fault run (DynamoDB Local + fauxqs): ${goodJobs} good jobs + bad inputs, every S3 event twice, stream records replayed, ${kills} SIGKILLs of a worker, requests throttled ${storageWindows} times, chunking late and backwards → nothing lost, nothing twice`,
  { timeout: timeoutMs + 120_000 },
  async (t) => {
    const counts = await runFaultRun({ target, workDir: join(dir, 'clips'), goodJobs, kills, seed, timeoutMs, logDir });
    t.diagnostic(describeFaultRun(counts));
    assertFaultRun({ counts, goodJobs, kills });
    assert.ok((counts.faults['stream batches replayed'] ?? 0) >= 1, 'stream records were replayed');
    assert.ok((counts.faults['throttle windows'] ?? 0) >= 1, 'requests were throttled');
  },
);
