import { setTimeout as sleep } from 'node:timers/promises';
import { isFinalStatus, type CreateJobRequest, type CreateJobResponse, type JobView } from '@stereo-spot/shared-types';

export interface ApiJobOutcome {
  jobId: string;
  /** The job's last view: final unless the job did not finish within the time allowed. */
  view: JobView;
  submittedAt: number;
  finishedAt?: number;
}

/**
 * One job the way a script uses the web UI's API: `POST /api/jobs`, the source PUT to the signed upload URL it
 * hands out, then `GET /api/jobs/{id}` every `pollMs` until the status is final or `timeoutMs` has passed.
 * `onCreated` hears the id as soon as the job exists.
 */
export async function runApiJob({ base, request, source, timeoutMs, pollMs = 250, onCreated }: { base: string; request: CreateJobRequest; source: Uint8Array<ArrayBuffer>; timeoutMs: number; pollMs?: number; onCreated?: (jobId: string) => void }): Promise<ApiJobOutcome> {
  const submittedAt = Date.now();
  const created = await fetch(`${base}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  if (created.status !== 201) throw new Error(`POST /api/jobs answered ${created.status}: ${await created.text()}`);
  const { job_id: jobId, upload } = (await created.json()) as CreateJobResponse;
  onCreated?.(jobId);
  const uploaded = await fetch(upload.url, { method: upload.method, headers: upload.headers ?? {}, body: source });
  if (!uploaded.ok) throw new Error(`upload of job ${jobId} answered ${uploaded.status}: ${await uploaded.text()}`);
  for (;;) {
    const response = await fetch(`${base}/api/jobs/${jobId}`);
    if (!response.ok) throw new Error(`GET /api/jobs/${jobId} answered ${response.status}`);
    const view = (await response.json()) as JobView;
    if (isFinalStatus(view.status)) return { jobId, view, submittedAt, finishedAt: Date.now() };
    if (Date.now() - submittedAt > timeoutMs) return { jobId, view, submittedAt };
    await sleep(pollMs);
  }
}
