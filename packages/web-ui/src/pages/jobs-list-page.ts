import type { Job } from '@stereo-spot/shared-types';
import { html, type SafeHtml } from '../html.js';
import { completedJobsTable } from './completed-jobs-table.js';
import { layout } from './layout.js';

/** Completed jobs, newest first, one page per cursor (keyset pagination: forward only). */
export function jobsListPage({ jobs, nextCursor, isFirstPage }: { jobs: readonly Job[]; nextCursor?: string; isFirstPage: boolean }): SafeHtml {
  return layout({
    title: 'Completed jobs',
    body: html`<h1>Completed jobs</h1>
<section class="card">
${completedJobsTable({ jobs })}
<nav class="pager">
${!isFirstPage && html`<a href="/jobs">← Newest</a>`}
${nextCursor && html`<a rel="next" href="/jobs?cursor=${encodeURIComponent(nextCursor)}">Older →</a>`}
</nav>
</section>`,
  });
}
