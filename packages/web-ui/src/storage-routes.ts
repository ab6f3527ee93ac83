import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attachmentDisposition, CONTAINER_MEDIA_TYPE, CONTAINERS, ObjectTooLargeError, parseSourceKey, type Container, type Logger } from '@stereo-spot/shared-types';
import { parseRange } from './byte-range.js';
import { HttpError } from './http-errors.js';
import { mediaTypeOf } from './media-type-of.js';
import type { SignedObjectServer } from './signed-object-server.js';

/** Videos by their extension (the container), subtitle tracks as WebVTT (Firefox insists), anything else as bytes. */
function mediaTypeOfKey(key: string): string {
  const extension = key.slice(key.lastIndexOf('.') + 1);
  if (extension === 'vtt') return 'text/vtt; charset=utf-8';
  return (CONTAINERS as readonly string[]).includes(extension) ? CONTAINER_MEDIA_TYPE[extension as Container] : 'application/octet-stream';
}

function refuse(reason: string): HttpError {
  return new HttpError({ status: 403, message: `this storage link is not valid (${reason}); ask the page for a new one` });
}

/** The job an uploaded source belongs to, for logs (undefined for any other key). */
function jobIdOfUpload(key: string): string | undefined {
  try {
    return parseSourceKey(key).jobId;
  } catch {
    return undefined;
  }
}

/**
 * The local storage endpoint: serves the embedded backend's signed URLs. PUT streams the body to disk within
 * the signed size limit and content type; GET and HEAD read an object with HTTP Range for seeking. Errors are
 * checked before a byte is read: signature and expiry (403), content type (415), declared length (413).
 */
export async function storageRoutes(app: FastifyInstance, { server, logger }: { server: SignedObjectServer; logger: Logger }): Promise<void> {
  // Bodies here are streams for the handler, never parsed or buffered by fastify.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.put('/storage/*', async (request, reply) => {
    const grant = server.verifySignedUrl({ url: request.url, method: 'PUT' });
    if (!grant.ok) throw refuse(grant.reason);
    // An error answered before the body is read closes the connection, so the client stops sending.
    void reply.header('connection', 'close');
    const type = mediaTypeOf(request);
    if (grant.contentType !== undefined && type !== grant.contentType) {
      throw new HttpError({ status: 415, message: `this upload must be sent as ${grant.contentType}${type ? `, not ${type}` : ''}` });
    }
    const declared = Number(request.headers['content-length']);
    if (grant.maxBytes !== undefined && Number.isFinite(declared) && declared > grant.maxBytes) {
      throw new HttpError({ status: 413, message: `the file is larger than the limit of ${grant.maxBytes} bytes` });
    }
    // The body goes through a pass-through: when the size limit stops the write, the request itself must stay
    // open long enough to carry the 413 back (a pipeline would destroy its socket).
    const body = new PassThrough();
    let ended = false;
    request.raw.once('end', () => (ended = true));
    request.raw.once('error', (error) => body.destroy(error));
    request.raw.once('close', () => {
      if (!ended) body.destroy(Object.assign(new Error('upload aborted by the client'), { code: 'ECONNRESET' }));
    });
    request.raw.pipe(body);
    try {
      const { size } = await server.storage.putStream({
        bucket: grant.bucket,
        key: grant.key,
        body,
        ...(type ? { contentType: type } : {}),
        ...(grant.maxBytes === undefined ? {} : { maxBytes: grant.maxBytes }),
      });
      logger.info({ job_id: jobIdOfUpload(grant.key), bucket: grant.bucket, key: grant.key, size }, 'object uploaded');
    } catch (error) {
      request.raw.unpipe(body);
      if (error instanceof ObjectTooLargeError) throw new HttpError({ status: 413, message: `the file is larger than the limit of ${grant.maxBytes} bytes`, cause: error });
      // A client that went away mid-upload: nothing was stored.
      if (!ended && ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE')) {
        throw new HttpError({ status: 400, message: 'the upload was interrupted; nothing was stored', cause: error });
      }
      throw error;
    }
    reply.removeHeader('connection');
    return reply.code(200).send({ ok: true });
  });

  app.route({ method: ['GET', 'HEAD'], url: '/storage/*', exposeHeadRoute: false, handler: (request, reply) => serveObject({ request, reply, server }) });

  // Signed URLs are their own credential, as on S3: other origins may use them (scripts, a page served elsewhere).
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('access-control-allow-origin', '*');
    return payload;
  });
  app.options('/storage/*', async (_request, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, HEAD, PUT')
      .header('access-control-allow-headers', 'content-type, range')
      .header('access-control-max-age', '600')
      .send(),
  );
}

async function serveObject({ request, reply, server }: { request: FastifyRequest; reply: FastifyReply; server: SignedObjectServer }): Promise<FastifyReply> {
  const grant = server.verifySignedUrl({ url: request.url, method: 'GET' });
  if (!grant.ok) throw refuse(grant.reason);
  const path = server.objectPath({ bucket: grant.bucket, key: grant.key });
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new HttpError({ status: 404, message: 'no such object (it may have been removed)' });
  const size = info.size;
  void reply
    .header('accept-ranges', 'bytes')
    .header('content-type', mediaTypeOfKey(grant.key))
    .header('last-modified', info.mtime.toUTCString())
    .header('cache-control', 'private, max-age=300');
  if (grant.downloadName !== undefined) void reply.header('content-disposition', attachmentDisposition(grant.downloadName));
  const range = parseRange({ header: request.headers.range, size });
  if (range.kind === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${size}`).send();
  const { start, end } = range.kind === 'partial' ? range.range : { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : end - start + 1;
  void reply.header('content-length', String(length));
  if (range.kind === 'partial') void reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
  if (request.method === 'HEAD' || length === 0) return reply.send();
  return reply.send(createReadStream(path, { start, end }));
}
