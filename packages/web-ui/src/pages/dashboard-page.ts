import type { DepthModel, Job } from '@stereo-spot/shared-types';
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

/** This browser's jobs that are not completed (in progress or failed), each with its live progress. */
export function activeJobsFragment({ tracked, now }: { tracked: readonly TrackedJob[]; now: number }): SafeHtml {
  if (tracked.length === 0) return html`<p class="empty">No job in progress. Create one above.</p>`;
  return html`<ul class="active-jobs">
${tracked.map(
  ({ job, segmentsDone }) => html`<li><a href="/jobs/${job.job_id}">${jobTitle(job)}</a> · ${FORMAT_TEXT[job.format]}
${jobProgress({ job, segmentsDone, now })}</li>`,
)}
</ul>`;
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
<section class="card"><h2>Your jobs in progress</h2>
<div id="active-jobs" data-poll="/fragments/active-jobs" data-poll-ms="2000">${activeJobsFragment({ tracked, now })}</div>
</section>
<section class="card"><h2>Recently completed</h2>
${completedJobsTable({ jobs: completed })}
<p><a href="/jobs">All completed jobs →</a></p>
</section>`,
  });
}
