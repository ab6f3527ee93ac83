import type { Job } from './job.js';

/** Where converting ends: joining the segments is left, so a running job never shows all done. */
const CONVERTED_SHARE = 0.99;

/**
 * How far a job is, 0…1: the frames converted over the source's frames (what the video workers report as they
 * go, so a one-segment job moves too), or the segments done when that says more (a model that reports no
 * frames). Undefined while nothing can be said (no segments known yet). The web page, the API and `convert`
 * all show this one figure.
 */
export function jobProgress({ job, segmentsDone }: { job: Job; segmentsDone: number }): number | undefined {
  if (job.status === 'completed') return 1;
  const bySegments = job.total_segments ? segmentsDone / job.total_segments : undefined;
  const frameCount = job.source?.frame_count;
  const framesDone = Object.values(job.segment_frames ?? {}).reduce((sum, frames) => sum + frames, 0);
  const byFrames = frameCount && framesDone > 0 ? framesDone / frameCount : undefined;
  if (bySegments === undefined && byFrames === undefined) return undefined;
  return Math.min(CONVERTED_SHARE, Math.max(bySegments ?? 0, byFrames ?? 0));
}
