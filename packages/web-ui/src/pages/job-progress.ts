import { isFinalStatus, STAGES, type Job, type Stage } from '@stereo-spot/shared-types';
import { CSRF_FIELD } from '../csrf.js';
import { html, type SafeHtml } from '../html.js';
import { formatDuration, progressOf, resultText, STAGE_FAILURE_TEXT, STATUS_TEXT } from '../job-display.js';

/**
 * The live part of a job page (and of a dashboard row): rendered here for the first paint and again for each
 * poll, so the browser only swaps server-escaped HTML. `data-final` tells the poller to stop. With a CSRF token
 * (the job page), a running job has its Cancel button.
 */
export function jobProgress({ job, segmentsDone, now, csrfToken }: { job: Job; segmentsDone: number; now: number; csrfToken?: string }): SafeHtml {
  const status = job.status === 'completed' ? { ...STATUS_TEXT.completed, hint: resultText(job).ready } : STATUS_TEXT[job.status];
  const progress = progressOf({ job, segmentsDone, now });
  const total = job.total_segments;
  return html`<div class="job-progress status-${job.status}" data-final="${isFinalStatus(job.status) ? 'true' : 'false'}" data-status="${job.status}">
<p class="status"><span class="badge">${status.label}</span> ${status.hint}</p>
<progress max="100" value="${progress.percent ?? 0}"${progress.percent === undefined && !isFinalStatus(job.status) ? html` data-indeterminate="true"` : ''}>${progress.percent ?? 0}%</progress>
<dl class="facts">
<dt>Segments</dt><dd class="segments">${total === undefined ? 'not known yet' : `${segmentsDone} / ${total}`}</dd>
<dt>Elapsed</dt><dd>${formatDuration(progress.elapsedMs)}</dd>
${stageTimes(job)}
${progress.etaMs !== undefined && html`<dt>Time left</dt><dd class="eta">about ${formatDuration(progress.etaMs)}</dd>`}
</dl>
${job.status === 'created' && html`<p><a class="button" href="/jobs/${job.job_id}/upload">Upload the video</a></p>`}
${job.status === 'completed' && html`<p><a class="button" href="/jobs/${job.job_id}/play">${resultText(job).play}</a></p>`}
${job.status === 'failed' && failure(job)}
${csrfToken !== undefined && !isFinalStatus(job.status) && cancelForm({ job, csrfToken })}
</div>`;
}

/** Asks first (app.js reads `data-confirm`): a cancelled job cannot be resumed. */
function cancelForm({ job, csrfToken }: { job: Job; csrfToken: string }): SafeHtml {
  return html`<form class="cancel-job" method="post" action="/jobs/${job.job_id}/cancel" data-confirm="Cancel this job? Its conversion stops and cannot be resumed.">
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
<button type="submit" class="secondary">Cancel the job</button>
</form>`;
}

/** What each stage is called where its time is shown. */
const STAGE_TIME_TEXT: Readonly<Record<Stage, string>> = { chunking: 'Chunking', video: 'Converting', reassembly: 'Joining' };

/** "Chunking 3 s · Converting 41 s · Joining 2 s": the stages finished so far. */
function stageTimes(job: Job): SafeHtml | false {
  const times = job.stage_times;
  const parts = STAGES.flatMap((stage) => {
    const span = times?.[stage];
    return span ? [`${STAGE_TIME_TEXT[stage]} ${formatDuration(span.ended_at - span.started_at)}`] : [];
  });
  return parts.length > 0 && html`<dt>Stage times</dt><dd class="stage-times">${parts.join(' · ')}</dd>`;
}

function failure(job: Job): SafeHtml {
  const error = job.error;
  if (!error) return html`<div class="failure"><h3>The conversion failed</h3><p>No reason was recorded. Try again in a new job.</p></div>`;
  const text = STAGE_FAILURE_TEXT[error.stage];
  return html`<div class="failure" role="alert">
<h3>${text.title}</h3>
<p class="reason">${error.message}</p>
<p>${text.advice}</p>
<p><a href="/">Start a new job</a></p>
</div>`;
}
