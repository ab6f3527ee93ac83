/**
 * Typed HTML templates that escape by default: every value interpolated into `html` is escaped unless it is
 * itself the result of `html` (or `trustedHtml`), so a job's error message or a form value can never inject
 * markup.
 */
export class SafeHtml {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  // false/null/undefined render nothing, so `${cond && html`…`}` reads naturally.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => (out += render(value) + (strings[i + 1] ?? '')));
  return new SafeHtml(out);
}

/** Markup produced by this module's own code (never from input). */
export function trustedHtml(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** JSON for a `<script type="application/json">` block: `<` escaped so no value can close the script element. */
export function jsonScript({ id, value }: { id: string; value: unknown }): SafeHtml {
  const json = JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return html`<script type="application/json" id="${id}">${trustedHtml(json)}</script>`;
}
