import type { FastifyReply } from 'fastify';

/** Extra origins a page may talk to: the storage it uploads to or plays from (S3 on AWS; itself locally). */
export interface CspOrigins {
  connect?: readonly string[];
  media?: readonly string[];
}

export function originOf(url: string): string | undefined {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined; // a relative URL: same origin
  }
}

export function contentSecurityPolicy({ connect = [], media = [] }: CspOrigins = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    `media-src 'self' blob: ${media.join(' ')}`.trim(),
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Headers every response carries; pages set a CSP of their own when they reach another origin. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Signed URLs live in query strings: never leak them to other sites.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export function setPageCsp({ reply, origins }: { reply: FastifyReply; origins: CspOrigins }): void {
  void reply.header('content-security-policy', contentSecurityPolicy(origins));
}
