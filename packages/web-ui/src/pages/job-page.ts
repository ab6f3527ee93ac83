import type { Job } from '@stereo-spot/shared-types';
import { html, type SafeHtml } from '../html.js';
import { DEPTH_TEXT, FORMAT_TEXT, jobTitle } from '../job-display.js';
import { jobProgress } from './job-progress.js';
import { layout } from './layout.js';

export function jobPage({ job, segmentsDone, now, csrfToken }: { job: Job; segmentsDone: number; now: number; csrfToken: string }): SafeHtml {
  return layout({
    title: jobTitle(job),
    body: html`<h1>${jobTitle(job)}</h1>
<section class="card">
<dl class="facts">
<dt>Job</dt><dd><code>${job.job_id}</code></dd>
<dt>Format</dt><dd>${FORMAT_TEXT[job.format]}</dd>
<dt>Depth</dt><dd>${DEPTH_TEXT[job.options.depth]}</dd>
${job.options.divergence !== undefined && html`<dt>Divergence</dt><dd>${job.options.divergence} %</dd>`}
${job.options.convergence !== undefined && html`<dt>Convergence</dt><dd>${job.options.convergence}</dd>`}
${job.source && html`<dt>Source</dt><dd>${job.source.width}×${job.source.height}, ${job.source.fps.toFixed(2)} fps, ${job.source.duration_sec.toFixed(1)} s</dd>`}
</dl>
<div id="job-progress" data-poll="/jobs/${job.job_id}/progress" data-poll-ms="1000">${jobProgress({ job, segmentsDone, now, csrfToken })}</div>
</section>`,
  });
}
