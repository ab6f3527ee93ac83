import { isJobId } from '@stereo-spot/shared-types';
import { serializeCookie } from './cookies.js';

export const RECENT_JOBS_COOKIE = 'stereo_spot_recent';
const MAX_RECENT_JOBS = 10;
/** How long a browser remembers its jobs. */
const RECENT_JOBS_MAX_AGE_SEC = 30 * 24 * 3600;

/**
 * The jobs this browser created, newest first, so the dashboard can show them with their live progress on either
 * backend (the Jobs table has no index by person). Anything that is not a job id is dropped.
 */
export function parseRecentJobs(value: string | undefined): string[] {
  return [...new Set((value ?? '').split('.').filter(isJobId))].slice(0, MAX_RECENT_JOBS);
}

export function recentJobsCookie({ previous, jobId }: { previous: readonly string[]; jobId: string }): string {
  const ids = [jobId, ...previous.filter((id) => id !== jobId)].slice(0, MAX_RECENT_JOBS);
  return serializeCookie({ name: RECENT_JOBS_COOKIE, value: ids.join('.'), maxAgeSec: RECENT_JOBS_MAX_AGE_SEC });
}

/** The cookie without one job (dismissed or deleted). */
export function recentJobsCookieWithout({ previous, jobId }: { previous: readonly string[]; jobId: string }): string {
  return serializeCookie({ name: RECENT_JOBS_COOKIE, value: previous.filter((id) => id !== jobId).join('.'), maxAgeSec: RECENT_JOBS_MAX_AGE_SEC });
}
