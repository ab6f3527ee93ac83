import { html, type HtmlValue, type SafeHtml } from '../html.js';

/** The page shell: one stylesheet, one deferred script, no inline code (the CSP forbids it). */
export function layout({ title, body }: { title: string; body: HtmlValue }): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · stereo-spot</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<header class="top"><a class="brand" href="/">stereo-spot</a><nav><a href="/">Dashboard</a><a href="/jobs">Completed jobs</a><a href="/api/openapi.json">API</a></nav></header>
<main>
${body}
</main>
</body>
</html>
`;
}
