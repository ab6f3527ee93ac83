import type { Job, UploadInstructions } from '@stereo-spot/shared-types';
import { html, jsonScript, type SafeHtml } from '../html.js';
import { FORMAT_TEXT } from '../job-display.js';
import { layout } from './layout.js';

/**
 * The browser sends the file straight to storage (the signed URL of this server, or S3), never through the web
 * server's memory; the script reports progress and then opens the job page.
 */
export function uploadPage({ job, upload, maxBytes, csrfToken }: { job: Job; upload: UploadInstructions; maxBytes: number; csrfToken: string }): SafeHtml {
  return layout({
    title: 'Upload',
    body: html`<h1>Upload the video</h1>
<section class="card upload" id="upload" data-job-url="/jobs/${job.job_id}" data-name-url="/jobs/${job.job_id}/source-name" data-csrf="${csrfToken}" data-max-bytes="${maxBytes}">
<p>Job <code>${job.job_id}</code> · ${FORMAT_TEXT[job.format]}</p>
<label for="file">Video file (up to <span class="bytes" data-bytes="${maxBytes}">${maxBytes} bytes</span>)</label>
<input id="file" type="file" accept="video/*">
<button id="upload-start" type="button" disabled>Upload and convert</button>
<progress id="upload-progress" max="100" value="0">0%</progress>
<p id="upload-status" class="status" aria-live="polite">Choose a video file.</p>
${jsonScript({ id: 'upload-instructions', value: upload })}
</section>`,
  });
}
