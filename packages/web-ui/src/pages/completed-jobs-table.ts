import type { Job } from '@stereo-spot/shared-types';
import { html, type SafeHtml } from '../html.js';
import { formatDuration, FORMAT_TEXT, jobTitle } from '../job-display.js';

export function completedJobsTable({ jobs }: { jobs: readonly Job[] }): SafeHtml {
  if (jobs.length === 0) return html`<p class="empty">No completed job yet.</p>`;
  return html`<table class="jobs">
<thead><tr><th>Completed</th><th>Job</th><th>Format</th><th>Took</th><th></th></tr></thead>
<tbody>
${jobs.map(
  (job) => html`<tr>
<td><time datetime="${new Date(job.completed_at ?? job.updated_at).toISOString()}">${new Date(job.completed_at ?? job.updated_at).toISOString().replace('T', ' ').slice(0, 19)} UTC</time></td>
<td class="job-name"><a href="/jobs/${job.job_id}">${jobTitle(job)}</a></td>
<td>${FORMAT_TEXT[job.format]}</td>
<td>${formatDuration((job.completed_at ?? job.updated_at) - job.created_at)}</td>
<td><a href="/jobs/${job.job_id}/play">Play</a></td>
</tr>`,
)}
</tbody>
</table>`;
}
