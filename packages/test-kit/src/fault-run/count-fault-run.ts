import { join } from 'node:path';
import { buildFinalKey, type Job } from '@stereo-spot/shared-types';
import { inspectMedia } from '../inspect-media.js';
import type { FaultTarget } from './fault-target.js';
import type { LateChunkingStats } from './late-reversed-chunking.js';

export interface FaultRunCounts {
  backend: string;
  submitted: number;
  completed: number;
  /** Failed as expected: a bad input, with the reason it must give. */
  failedAsExpected: number;
  /**
   * Good jobs failed because a message of theirs was delivered as often as allowed (and left for the dead-letter
   * queue): its worker was killed every time, or killed often and a storage fault struck the last delivery. The
   * protection against poison messages, expected only when kills outnumber the allowed deliveries.
   */
  deadLettered: number;
  /** Failed although the input was good (for another reason), or a bad input that did not fail as it should. */
  unexpected: string[];
  /** Not finished (neither completed nor failed) when the run ended. */
  lost: number;
  /** Jobs whose final file was written more than once. */
  duplicateFinalWrites: number;
  /** Completed jobs whose output has a frame count other than the input's. */
  wrongFrameCounts: number;
  /** Completed jobs whose segments completed in another order than their index order (stored times, or seen). */
  outOfOrder: number;
  /** Jobs chunked late and backwards in the test process (segments uploaded last-first). */
  reversed: number;
  /** Jobs whose every segment was converted before `chunking_complete` was written (the race). */
  raced: number;
  /** Workers that died of the run's SIGKILLs. */
  kills: number;
  /** What the disturbances did, by name. */
  faults: Record<string, number>;
  /** Failures the workers' queue loops retried (a message put back after a storage error, a failed receive). */
  retries: number;
  seconds: number;
}

/** What the queue loop logs when a call failed and it will try again (the message, or the receive). */
const RETRY_LOG_MESSAGES = ['retryable failure', 'receive failed; retrying', 'could not record the failure; message will be redelivered'];

/** How often each job's final file was written, from the reassembly workers' log lines. */
function finalWritesInLogs(lines: string[]): Map<string, number> {
  const writes = new Map<string, number>();
  for (const line of lines) {
    if (!line.includes('final file written')) continue;
    const jobId = (JSON.parse(line) as { job_id?: string }).job_id ?? '?';
    writes.set(jobId, (writes.get(jobId) ?? 0) + 1);
  }
  return writes;
}

/** True when some segment completed before one with a lower index. */
function completedOutOfOrder(completions: Array<{ segment_index: number; completed_at: number }>): boolean {
  const byIndex = [...completions].sort((a, b) => a.segment_index - b.segment_index);
  return byIndex.some((completion, i) => i > 0 && completion.completed_at < byIndex[i - 1]!.completed_at);
}

/** What became of every job of a run, read back through the target's ports. */
export async function countFaultRun({ target, jobs, badInputs, inputFrames, outputs, scratchDir, lateChunking, ...rest }: {
  target: FaultTarget;
  jobs: Job[];
  /** Bad inputs by job id: their name and the reason their job must give. */
  badInputs: Map<string, { name: string; reason: RegExp }>;
  inputFrames: number;
  outputs: string[];
  scratchDir: string;
  lateChunking: LateChunkingStats;
  kills: number;
  faults: Record<string, number>;
  seconds: number;
}): Promise<FaultRunCounts> {
  const { backend } = target;
  const lines = outputs.join('\n').split('\n');
  const logged = target.finalWrites ? undefined : finalWritesInLogs(lines);
  const retries = lines.filter((line) => RETRY_LOG_MESSAGES.some((message) => line.includes(`"${message}"`))).length;
  const counts: FaultRunCounts = { backend: target.name, submitted: jobs.length, completed: 0, failedAsExpected: 0, deadLettered: 0, unexpected: [], lost: 0, duplicateFinalWrites: 0, wrongFrameCounts: 0, outOfOrder: 0, retries, reversed: lateChunking.reversed, raced: new Set([...lateChunking.raced, ...(target.racedJobs?.() ?? [])]).size, ...rest };
  for (const { job_id } of jobs) {
    const writes = target.finalWrites?.(job_id) ?? logged?.get(job_id) ?? 0;
    if (writes > 1) counts.duplicateFinalWrites += 1;
    const job = await backend.jobs.get(job_id);
    const bad = badInputs.get(job_id);
    if (job?.status === 'completed') {
      if (bad) counts.unexpected.push(`${bad.name} input completed`);
      else counts.completed += 1;
      const path = join(scratchDir, 'final-check.mp4');
      await backend.storage.getToFile({ bucket: 'output', key: buildFinalKey({ jobId: job_id }), path });
      if ((await inspectMedia(path)).videoFrames !== inputFrames) counts.wrongFrameCounts += 1;
      if (lateChunking.lastConvertedFirst.has(job_id) || completedOutOfOrder(await backend.completions.listByJob(job_id))) counts.outOfOrder += 1;
    } else if (job?.status === 'failed') {
      const reason = job.error?.message ?? '';
      if (bad && bad.reason.test(reason)) counts.failedAsExpected += 1;
      else if (bad) counts.unexpected.push(`${bad.name} input failed for another reason: ${job.error?.stage} ${reason}`);
      else if (reason.includes('dead-letter queue') || /^gave up after \d+ attempts/.test(reason)) counts.deadLettered += 1;
      else counts.unexpected.push(`good job failed: ${job.error?.stage} ${reason}`);
    } else counts.lost += 1;
  }
  return counts;
}
