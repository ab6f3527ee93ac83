import { createHmac, randomBytes } from 'node:crypto';
import { equalSecret } from './access-control.js';
import { HttpError } from './http-errors.js';

export const CSRF_COOKIE = 'stereo_spot_csrf';
export const CSRF_FIELD = '_csrf';

/**
 * Cross-site request forgery protection for forms: a random per-browser cookie (HttpOnly, SameSite=Lax) and, in
 * each form, an HMAC of it under the server's secret. Another site can make the browser send the cookie but can
 * neither read it nor compute the token.
 */
export class CsrfProtection {
  readonly #secret: Buffer;

  constructor({ secret }: { secret?: string }) {
    this.#secret = secret ? Buffer.from(secret) : randomBytes(32);
  }

  static newCookieValue(): string {
    return randomBytes(24).toString('base64url');
  }

  tokenFor(cookieValue: string): string {
    return createHmac('sha256', this.#secret).update(cookieValue).digest('base64url');
  }

  /** Throws 403 unless `token` is this browser's token. */
  verify({ cookieValue, token }: { cookieValue: string | undefined; token: unknown }): void {
    if (!cookieValue || typeof token !== 'string' || !equalSecret(token, this.tokenFor(cookieValue))) {
      throw new HttpError({ status: 403, message: 'the form has expired or did not come from this site; reload the page and try again' });
    }
  }
}
