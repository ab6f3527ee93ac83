import { join } from 'node:path';
import { probeSource } from '@stereo-spot/media-worker';
import { runTriggerCheck } from '@stereo-spot/reassembly-trigger';
import { buildSourceKey, buildStreamsKey, segmentPrefix, UsageError, type Backend, type JobStatus, type Logger, type SourceFacts } from '@stereo-spot/shared-types';
import { withWorkDir } from '@stereo-spot/worker-runtime';
import { checkSegmentSet } from './check-segment-set.js';
import { confirmChange } from './confirm-change.js';
import { loadJob } from './load-job.js';
import type { OperatorIo } from './operator-io.js';

/** The statuses of a job whose chunking never marked it: the worker died after (or while) uploading. */
const UNFINISHED_CHUNKING: readonly JobStatus[] = ['chunking_in_progress', 'created'];

type RecoverBackend = Pick<Backend, 'jobs' | 'completions' | 'lock' | 'queues' | 'storage'>;

/**
 * The source facts reassembly needs, which the chunking worker stores only with `chunking_complete`: probed
 * from the source again (downloaded into scratch space), as the worker did.
 */
async function probeStoredSource({ backend, jobId, scratchDir }: { backend: RecoverBackend; jobId: string; scratchDir: string }): Promise<SourceFacts> {
  return withWorkDir({ baseDir: scratchDir, prefix: 'recover-chunking' }, async (dir) => {
    const path = join(dir, 'source');
    await backend.storage.getToFile({ bucket: 'input', key: buildSourceKey(jobId), path });
    return (await probeSource({ path })).facts;
  });
}

/**
 * `recover-chunking`: the chunking worker uploaded every segment of a job but died before marking it. Lists
 * `segments/{job_id}/`, refuses unless the set is complete and consistent, shows the change, then sets
 * `total_segments` (and the source facts, when missing) and `status=chunking_complete` in one conditional
 * transition from `chunking_in_progress` or `created`, and runs the trigger check.
 */
export async function recoverChunking({ backend, jobId, yes, json, io, logger, scratchDir }: { backend: RecoverBackend; jobId: string; yes: boolean; json: boolean; io: OperatorIo; logger: Logger; scratchDir: string }): Promise<void> {
  const job = await loadJob({ jobs: backend.jobs, jobId });
  if (!UNFINISHED_CHUNKING.includes(job.status)) {
    throw new UsageError(`job ${jobId} is ${job.status}; recover-chunking only completes a job whose chunking did not finish (${UNFINISHED_CHUNKING.join(' or ')})`);
  }
  const objects = await backend.storage.list({ bucket: 'input', prefix: segmentPrefix(jobId) });
  const check = checkSegmentSet({ jobId, keys: objects.map((o) => o.key), format: job.format });
  if (!check.complete) {
    // One line: the CLI prints an error's first line only.
    throw new UsageError(`refusing to recover job ${jobId}: the segments under ${segmentPrefix(jobId)} are not a complete set: ${check.problems.join('; ')}. Nothing changed; chunk it again instead (send its source event again)`);
  }
  const source = job.source ?? (await probeStoredSource({ backend, jobId, scratchDir }));
  if (source.audio_streams.length + source.subtitle_streams.length > 0 && !(await backend.storage.exists({ bucket: 'input', key: buildStreamsKey(jobId) }))) {
    throw new UsageError(`refusing to recover job ${jobId}: the source has audio or subtitles but ${buildStreamsKey(jobId)} was never stored; nothing changed`);
  }
  const done = await backend.completions.countByJob(jobId);
  await confirmChange({
    io,
    yes,
    summary: [
      `job ${jobId}: ${check.totalSegments} segments found (${check.mode}), indexes 0..${check.totalSegments - 1}, ${done} converted so far`,
      `will set total_segments=${check.totalSegments}${job.source ? '' : ' and the source facts (probed again)'} and ${job.status} → chunking_complete in one conditional update`,
      '  then run the reassembly trigger check',
    ],
  });
  const moved = await backend.jobs.transition({
    jobId,
    from: UNFINISHED_CHUNKING,
    to: 'chunking_complete',
    patch: { total_segments: check.totalSegments, ...(job.source ? {} : { source }) },
  });
  if (!moved.applied) throw new Error(`job ${jobId} changed meanwhile (now ${moved.current?.status ?? 'gone'}); nothing done, look again`);
  const log = logger.child({ job_id: jobId, stage: 'chunking' });
  log.info({ total_segments: check.totalSegments, segments_done: done }, 'operator: chunking recovered');
  const trigger = await runTriggerCheck({ jobId, jobs: backend.jobs, completions: backend.completions, lock: backend.lock, reassemblyQueue: backend.queues.reassembly, logger: log });
  if (json) {
    io.out(JSON.stringify({ job_id: jobId, status: 'chunking_complete', total_segments: check.totalSegments, segments_done: done, trigger }));
  } else {
    io.out(`job ${jobId} recovered: chunking_complete with ${check.totalSegments} segments (${done} converted); trigger check: ${trigger}`);
  }
}
