import { test, before, after } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertFaultRun, describeFaultRun, readFaultKnobs, runFaultRun, type FaultTarget } from '@stereo-spot/test-kit';
import { openEmbeddedFaultTarget } from './embedded-fault-target.ts';

// Bounded here (part of `npm test`); `npm run test:faults` runs it long.
const { goodJobs, kills, storageWindows, seed, timeoutMs, logDir } = readFaultKnobs();

let dir: string;
let target: FaultTarget;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-faults-'));
  target = await openEmbeddedFaultTarget({ dir, storageWindows });
});
after(async () => {
  await target?.close();
  await rm(dir, { recursive: true, force: true });
});

test(
  `embedded fault run: ${goodJobs} good jobs + bad inputs, duplicate events, ${kills} SIGKILLs of a worker, the database locked and the storage unwritable ${storageWindows} times each, chunking late and backwards → nothing lost, nothing twice`,
  { timeout: timeoutMs + 120_000 },
  async (t) => {
    const counts = await runFaultRun({ target, workDir: join(dir, 'clips'), goodJobs, kills, seed, timeoutMs, logDir });
    t.diagnostic(describeFaultRun(counts));
    assertFaultRun({ counts, goodJobs, kills });
  },
);
