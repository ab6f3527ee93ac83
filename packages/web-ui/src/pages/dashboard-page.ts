import { isFinalStatus, type DepthModel, type Job } from '@stereo-spot/shared-types';
import { CSRF_FIELD } from '../csrf.js';
import { html, type SafeHtml } from '../html.js';
import { FORMAT_TEXT, jobTitle } from '../job-display.js';
import { jobForm, type JobFormValues } from './job-form.js';
import { completedJobsTable } from './completed-jobs-table.js';
import { layout } from './layout.js';
import { jobProgress } from './job-progress.js';

export interface TrackedJob {
  job: Job;
  segmentsDone: number;
}

/**
 * This browser's jobs of every status, newest first, each with its live progress; a job that has ended can be
 * dismissed (it leaves this list, nothing else changes) or deleted (its files and records are removed). The
 * list stops polling once every job in it has ended.
 */
export function activeJobsFragment({ tracked, now, csrfToken }: { tracked: readonly TrackedJob[]; now: number; csrfToken: string }): SafeHtml {
  if (tracked.length === 0) return html`<p class="empty" data-final="true">No job yet. Create one above.</p>`;
  const allEnded = tracked.every(({ job }) => isFinalStatus(job.status));
  return html`<ul class="active-jobs" data-final="${allEnded ? 'true' : 'false'}">
${tracked.map(
  ({ job, segmentsDone }) => html`<li><a href="/jobs/${job.job_id}">${jobTitle(job)}</a> · ${FORMAT_TEXT[job.format]}
${jobProgress({ job, segmentsDone, now })}
${isFinalStatus(job.status) && endedJobActions({ job, csrfToken })}</li>`,
)}
</ul>`;
}

/** Dismiss and Delete for a job that has ended; deleting asks first (app.js reads `data-confirm`). */
function endedJobActions({ job, csrfToken }: { job: Job; csrfToken: string }): SafeHtml {
  return html`<div class="job-actions">
<form method="post" action="/jobs/${job.job_id}/dismiss"><input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}"><button type="submit" class="secondary">Dismiss</button></form>
<form method="post" action="/jobs/${job.job_id}/delete" data-confirm="Delete this job and its files? The video cannot be downloaded afterwards."><input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}"><button type="submit" class="secondary danger">Delete</button></form>
</div>`;
}

export function dashboardPage({
  csrfToken,
  depthModels,
  tracked,
  completed,
  now,
  values,
  errors,
}: {
  csrfToken: string;
  depthModels: readonly DepthModel[];
  tracked: readonly TrackedJob[];
  completed: readonly Job[];
  now: number;
  values?: JobFormValues;
  errors?: Readonly<Record<string, string>>;
}): SafeHtml {
  return layout({
    title: 'Dashboard',
    body: html`<h1>Turn a 2D video into 3D</h1>
<section class="card"><h2>New job</h2>
${jobForm({ csrfToken, depthModels, ...(values ? { values } : {}), ...(errors ? { errors } : {}) })}
</section>
<section class="card"><h2>Your jobs</h2>
<div id="active-jobs" data-poll="/fragments/active-jobs" data-poll-ms="2000">${activeJobsFragment({ tracked, now, csrfToken })}</div>
</section>
<section class="card"><h2>Recently completed</h2>
${completedJobsTable({ jobs: completed })}
<p><a href="/jobs">All completed jobs →</a></p>
</section>`,
  });
}
