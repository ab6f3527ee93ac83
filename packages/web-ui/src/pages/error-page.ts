import { html, type SafeHtml } from '../html.js';
import { layout } from './layout.js';

const TITLE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'That request is not right',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not ready',
  413: 'Too large',
  415: 'Not a video',
};

export function errorPage({ status, message }: { status: number; message: string }): SafeHtml {
  const title = TITLE_OF_STATUS[status] ?? (status >= 500 ? 'Something went wrong' : 'That request is not right');
  return layout({
    title,
    body: html`<h1>${title}</h1>
<section class="card error"><p class="reason">${message}</p><p><a href="/">Back to the dashboard</a></p></section>`,
  });
}
