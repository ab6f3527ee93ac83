import { resultFileNameOf, type Job } from '@stereo-spot/shared-types';
import { html, type SafeHtml } from '../html.js';
import { FORMAT_TEXT, jobTitle, PREVIEW_LAYOUT } from '../job-display.js';
import { layout } from './layout.js';

/**
 * The result in a player, a download link, and for side-by-side and top-bottom results a canvas that redraws
 * the playing frame as a red/cyan anaglyph or a cross-eyed pair, so the 3D can be seen without a headset.
 */
export function playPage({ job, playUrl, downloadUrl }: { job: Job; playUrl: string; downloadUrl: string }): SafeHtml {
  const preview = PREVIEW_LAYOUT[job.format];
  const fileName = resultFileNameOf(job);
  const passthrough = job.options.depth === 'passthrough';
  return layout({
    title: `Play ${jobTitle(job)}`,
    body: html`<h1>${passthrough ? 'Copy (pass-through, 2D)' : '3D video'}</h1>
<section class="card">
<p><a href="/jobs/${job.job_id}">${jobTitle(job)}</a> · ${FORMAT_TEXT[job.format]}</p>
<video id="player" controls preload="auto" playsinline src="${playUrl}"></video>
<p><a class="button" id="download" href="${downloadUrl}" download="${fileName}">Download <span class="file-name">${fileName}</span></a></p>
</section>
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
