import assert from 'node:assert/strict';
import type { FaultRunCounts } from './count-fault-run.js';
import { FAULT_MAX_RECEIVES } from './run-fault-run.js';

/** The counts on one line, as both suites print them. */
export function describeFaultRun(counts: FaultRunCounts): string {
  const faults = Object.entries(counts.faults).map(([name, n]) => `${name} ${n}`);
  return [
    `${counts.backend}: submitted ${counts.submitted}`,
    `completed ${counts.completed}`,
    `failed as expected ${counts.failedAsExpected}`,
    `dead-lettered ${counts.deadLettered}`,
    `lost ${counts.lost}`,
    `duplicate final writes ${counts.duplicateFinalWrites}`,
    `wrong frame counts ${counts.wrongFrameCounts}`,
    `completed out of order ${counts.outOfOrder}`,
    `chunked late and backwards ${counts.reversed}`,
    `all segments done before chunking_complete ${counts.raced}`,
    `kills ${counts.kills}`,
    `failures retried by the queue loops ${counts.retries}`,
    ...faults,
    `${counts.seconds.toFixed(0)} s`,
  ].join(', ');
}

/** What every fault run must show: nothing lost, nothing twice, no wrong output, every bad input refused with its reason. */
export function assertFaultRun({ counts, goodJobs, kills }: { counts: FaultRunCounts; goodJobs: number; kills: number }): void {
  assert.deepEqual(counts.unexpected, []);
  assert.equal(counts.lost, 0, 'lost jobs');
  assert.equal(counts.duplicateFinalWrites, 0, 'final files written twice');
  assert.equal(counts.wrongFrameCounts, 0, 'outputs with a wrong frame count');
  assert.equal(counts.completed + counts.deadLettered, goodJobs);
  if (kills < FAULT_MAX_RECEIVES) assert.equal(counts.deadLettered, 0, 'too few kills to exhaust any message');
  assert.equal(counts.failedAsExpected, counts.submitted - goodJobs);
  assert.equal(counts.kills, kills, 'workers killed (a kill that found its worker already gone does not count)');
  assert.ok(counts.raced >= 1, 'no job had every segment converted before chunking_complete');
  assert.ok(counts.outOfOrder >= 1, 'no job completed its segments out of order');
}
