import type { FastifyRequest } from 'fastify';

/** The request body's media type, lowercase and without parameters (`application/json; charset=utf-8` → `application/json`). */
export function mediaTypeOf(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}
