import { DEFAULT_STEREO_SETTINGS, resultFileNameOf, type Job } from '@stereo-spot/shared-types';
import { CSRF_FIELD } from '../csrf.js';
import { html, type SafeHtml } from '../html.js';
import { FORMAT_TEXT, jobTitle, PREVIEW_LAYOUT } from '../job-display.js';
import { layout } from './layout.js';

/**
 * The result in a player, a download link, and for side-by-side and top-bottom results a canvas that redraws
 * the playing frame as a red/cyan anaglyph or a cross-eyed pair, so the 3D can be seen without a headset.
 */
export function playPage({
  job,
  playUrl,
  downloadUrl,
  subtitles = [],
  csrfToken,
}: {
  job: Job;
  playUrl: string;
  downloadUrl: string;
  /** WebVTT tracks of the result's text subtitles. */
  subtitles?: ReadonlyArray<{ url: string; language?: string; label: string }>;
  csrfToken: string;
}): SafeHtml {
  const preview = PREVIEW_LAYOUT[job.format];
  const fileName = resultFileNameOf(job);
  const passthrough = job.options.depth === 'passthrough';
  return layout({
    title: `Play ${jobTitle(job)}`,
    body: html`<h1>${passthrough ? 'Copy (pass-through, 2D)' : '3D video'}</h1>
<section class="card">
<p><a href="/jobs/${job.job_id}">${jobTitle(job)}</a> · ${FORMAT_TEXT[job.format]}</p>
<video id="player" controls preload="auto" playsinline src="${playUrl}"${subtitles.length > 0 ? html` crossorigin="anonymous"` : ''}>
${subtitles.map((track) => html`<track kind="subtitles" src="${track.url}" label="${track.label}"${track.language ? html` srclang="${track.language}"` : ''}>`)}
</video>
<p><a class="button" id="download" href="${downloadUrl}" download="${fileName}">Download <span class="file-name">${fileName}</span></a></p>
</section>
${job.options.preview_seconds !== undefined && againForm({ job, csrfToken })}
${
  passthrough
    ? html`<section class="card"><p class="hint">Pass-through copies the video without adding depth: it is a test of the pipeline, not a 3D video.</p></section>`
    : preview
    ? html`<section class="card"><h2>Preview without a headset</h2>
<label for="preview-mode">Show as</label>
<select id="preview-mode">
<option value="anaglyph">Red/cyan anaglyph (glasses)</option>
<option value="cross">Cross-eyed pair (no glasses)</option>
<option value="left">Left eye only</option>
</select>
<canvas id="preview" data-split="${preview.split}" data-left-eye="${preview.leftEye}" data-squeezed="${preview.squeezed ? 'true' : 'false'}" width="640" height="360"></canvas>
<p class="hint">The preview follows the player: press play above.</p>
</section>`
    : html`<section class="card"><p class="hint">This is an anaglyph: watch it with red/cyan glasses.</p></section>`
}`,
  });
}

/**
 * Under a preview: other settings for another preview, or the whole video with these; both reuse the upload.
 * The numbers start at the preview's own (or the defaults).
 */
function againForm({ job, csrfToken }: { job: Job; csrfToken: string }): SafeHtml {
  const divergence = job.options.divergence ?? DEFAULT_STEREO_SETTINGS.divergence;
  const convergence = job.options.convergence ?? DEFAULT_STEREO_SETTINGS.convergence;
  return html`<section class="card"><h2>A ${job.options.preview_seconds} s preview</h2>
<form class="again" method="post" action="/jobs/${job.job_id}/again">
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
<div class="row">
<div><label for="again-divergence">Strength (divergence, % of width)</label>
<input id="again-divergence" name="divergence" type="number" min="0" max="10" step="0.1" value="${divergence}"></div>
<div><label for="again-convergence">Screen plane (convergence, 0 far … 1 near)</label>
<input id="again-convergence" name="convergence" type="number" min="0" max="1" step="0.05" value="${convergence}"></div>
</div>
<button type="submit" name="whole" value="false" class="secondary">Preview again with these settings</button>
<button type="submit" name="whole" value="true">Convert the whole video with these settings</button>
</form>
</section>`;
}
