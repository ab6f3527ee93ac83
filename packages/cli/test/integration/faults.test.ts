import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAULT_MAX_RECEIVES, runFaultRun } from './fault-run.ts';

// Bounded here (part of `npm test`); `npm run test:faults` runs it long: FAULT_JOBS, FAULT_KILLS, FAULT_SEED.
const GOOD_JOBS = Number(process.env.FAULT_JOBS ?? 3);
const KILLS = Number(process.env.FAULT_KILLS ?? 3);
const SEED = Number(process.env.FAULT_SEED ?? 1);
const TIMEOUT_MS = Number(process.env.FAULT_TIMEOUT_SEC ?? 240) * 1000;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stereo-spot-faults-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test(`fault run: ${GOOD_JOBS} good jobs + bad inputs, duplicate events, ${KILLS} SIGKILLs of a worker → nothing lost, nothing twice`, { timeout: TIMEOUT_MS + 120_000 }, async (t) => {
  const counts = await runFaultRun({ dir, goodJobs: GOOD_JOBS, kills: KILLS, seed: SEED, timeoutMs: TIMEOUT_MS });
  t.diagnostic(
    `submitted ${counts.submitted}, completed ${counts.completed}, failed as expected ${counts.failedAsExpected}, dead-lettered ${counts.deadLettered}, lost ${counts.lost}, ` +
      `duplicate final writes ${counts.duplicateFinalWrites}, wrong frame counts ${counts.wrongFrameCounts}, kills ${counts.kills}, ${counts.seconds.toFixed(0)} s`,
  );
  assert.deepEqual(counts.unexpected, []);
  assert.equal(counts.lost, 0, 'lost jobs');
  assert.equal(counts.duplicateFinalWrites, 0, 'final files written twice');
  assert.equal(counts.wrongFrameCounts, 0, 'outputs with a wrong frame count');
  assert.equal(counts.completed + counts.deadLettered, GOOD_JOBS);
  if (KILLS < FAULT_MAX_RECEIVES) assert.equal(counts.deadLettered, 0, 'too few kills to exhaust any message');
  assert.equal(counts.failedAsExpected, counts.submitted - GOOD_JOBS);
  assert.equal(counts.kills, KILLS);
});
