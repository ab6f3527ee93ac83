import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BasicAuthCredentials } from './web-ui-config.js';

/** Paths that never ask for credentials: probes, and signed storage URLs (the signature is their credential). */
export function isOpenPath(path: string): boolean {
  return path === '/healthz' || path === '/readyz' || path.startsWith('/storage/');
}

/** Equal strings, compared in constant time for a given length (secrets, tokens). */
export function equalSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function basicAuthOk({ header, credentials }: { header: string | undefined; credentials: BasicAuthCredentials }): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both compared whatever the first gives, so timing tells nothing about which was wrong.
  const user = equalSecret(decoded.slice(0, colon), credentials.user);
  const password = equalSecret(decoded.slice(colon + 1), credentials.password);
  return user && password;
}

/**
 * Optional deployment guards, in front of every route but the open paths: basic authentication, or a header an
 * authenticating proxy sets (the proxy must strip it from clients). Answers 401 itself and returns false.
 */
export function checkAccess({
  request,
  reply,
  basicAuth,
  trustedProxyHeader,
}: {
  request: FastifyRequest;
  reply: FastifyReply;
  basicAuth?: BasicAuthCredentials;
  trustedProxyHeader?: string;
}): boolean {
  if (isOpenPath(request.url.split('?')[0] ?? '')) return true;
  if (basicAuth && !basicAuthOk({ header: request.headers.authorization, credentials: basicAuth })) {
    void reply.code(401).header('www-authenticate', 'Basic realm="stereo-spot", charset="UTF-8"').type('text/plain; charset=utf-8').send('authentication required');
    return false;
  }
  if (trustedProxyHeader) {
    const user = request.headers[trustedProxyHeader];
    if (typeof user !== 'string' || user.trim() === '') {
      void reply.code(401).type('text/plain; charset=utf-8').send('authentication required (through the proxy)');
      return false;
    }
  }
  return true;
}
