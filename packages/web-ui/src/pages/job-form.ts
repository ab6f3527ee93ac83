import { CONTAINERS, DEFAULT_CONTAINER, MAX_PREVIEW_SECONDS, OUTPUT_FORMATS, RECOMMENDED_CATALOGUE_MODEL, isCatalogueModelName, type DepthModel } from '@stereo-spot/shared-types';
import { CSRF_FIELD } from '../csrf.js';
import { html, type SafeHtml } from '../html.js';
import { CONTAINER_TEXT, DEPTH_TEXT, FORMAT_HELP, FORMAT_TEXT } from '../job-display.js';

/** What the person typed, kept as text so a re-shown form gives it back unchanged. */
export interface JobFormValues {
  format?: string;
  depth?: string;
  divergence?: string;
  convergence?: string;
  preview_seconds?: string;
  container?: string;
}

export const JOB_FORM_FIELDS = ['format', 'depth', 'divergence', 'convergence', 'preview_seconds', 'container'] as const;
/** The form fields that hold numbers. */
export const NUMBER_FIELDS: ReadonlySet<string> = new Set(['divergence', 'convergence', 'preview_seconds']);

function fieldError(errors: Readonly<Record<string, string>>, name: string): SafeHtml {
  const message = errors[name];
  return html`${message && html`<p class="field-error" id="${name}-error">${message}</p>`}`;
}

export function jobForm({
  csrfToken,
  depthModels,
  values = {},
  errors = {},
}: {
  csrfToken: string;
  depthModels: readonly DepthModel[];
  values?: JobFormValues;
  errors?: Readonly<Record<string, string>>;
}): SafeHtml {
  const format = values.format ?? 'sbs-full';
  // Pass-through makes a 2D copy: a test aid of the API and CLI, not something a person converts with.
  const offered = depthModels.filter((name) => name !== 'passthrough');
  const depth = values.depth ?? offered[0];
  const bodyError = errors.body ?? errors.form;
  return html`<form class="job-form" method="post" action="/jobs" novalidate>
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
${bodyError && html`<p class="field-error">${bodyError}</p>`}
<label for="format">Output format</label>
<select id="format" name="format">
${OUTPUT_FORMATS.map((name) => html`<option value="${name}"${name === format ? html` selected` : ''}>${FORMAT_TEXT[name]}</option>`)}
</select>
${fieldError(errors, 'format')}
<details class="format-help"><summary>Which format? Pictures of each</summary>
<ul class="format-gallery">
${OUTPUT_FORMATS.map((name) => html`<li><img src="/static/layouts/${name}.jpg" alt="${FORMAT_TEXT[name]}" width="240" loading="lazy"><strong>${FORMAT_TEXT[name]}</strong><span>${FORMAT_HELP[name]}</span></li>`)}
</ul>
</details>
<label for="depth">Depth estimator</label>
<select id="depth" name="depth">
${offered.map((name) => html`<option value="${name}"${name === depth ? html` selected` : ''}>${DEPTH_TEXT[name]}</option>`)}
</select>
${offered.some(isCatalogueModelName) ? '' : html`<p class="hint" id="depth-hint">Neural depth models (clearer depth on real footage) appear here once the server has one: <code>stereo-spot models fetch ${RECOMMENDED_CATALOGUE_MODEL}</code>, then restart it.</p>`}
${fieldError(errors, 'depth')}
<div class="row">
<div><label for="divergence">Strength (divergence, % of width)</label>
<input id="divergence" name="divergence" type="number" min="0" max="10" step="0.1" placeholder="2.0" value="${values.divergence ?? ''}">
${fieldError(errors, 'divergence')}</div>
<div><label for="convergence">Screen plane (convergence, 0 far … 1 near)</label>
<input id="convergence" name="convergence" type="number" min="0" max="1" step="0.05" placeholder="0.5" value="${values.convergence ?? ''}">
${fieldError(errors, 'convergence')}</div>
</div>
<label for="container">File type</label>
<select id="container" name="container">
${CONTAINERS.map((name) => html`<option value="${name}"${name === (values.container ?? DEFAULT_CONTAINER) ? html` selected` : ''}>${CONTAINER_TEXT[name]}</option>`)}
</select>
${fieldError(errors, 'container')}
<label for="preview_seconds">Preview first (optional)</label>
<input id="preview_seconds" name="preview_seconds" type="number" min="1" max="${MAX_PREVIEW_SECONDS}" step="1" placeholder="whole video" value="${values.preview_seconds ?? ''}" aria-describedby="preview-hint">
<p class="hint" id="preview-hint">Seconds from the middle of the video, converted in a minute or so to judge the strength; the whole video can then be converted from its page without uploading it again.</p>
${fieldError(errors, 'preview_seconds')}
<button type="submit">Create job and upload a video</button>
</form>`;
}
