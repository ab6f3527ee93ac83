import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { UsageError, type CreateJobResponse, type ListJobsResponse } from '@stereo-spot/shared-types';
import { HttpError } from './http-errors.js';
import { LIST_PAGE_SIZE, MAX_LIST_PAGE_SIZE, type JobService } from './job-service.js';
import { mediaTypeOf } from './media-type-of.js';
import { openApiDocument } from './openapi.js';

const listQuerySchema = z
  .object({
    status: z.literal('completed', { message: 'only status=completed can be listed' }).default('completed'),
    cursor: z.string().min(1).max(512).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIST_PAGE_SIZE).default(LIST_PAGE_SIZE),
  })
  .strict();

/** The JSON API of DESIGN.md under /api. */
export async function apiRoutes(app: FastifyInstance, { jobs, version }: { jobs: JobService; version: string }): Promise<void> {
  const document = openApiDocument({ depthModels: jobs.config.depthModels, version });

  app.get('/api/openapi.json', async (_request, reply) => reply.header('cache-control', 'no-cache').send(document));

  app.post('/api/jobs', async (request, reply) => {
    if (request.body === undefined || request.body === null || typeof request.body !== 'object' || Array.isArray(request.body)) {
      throw new UsageError('the body must be a JSON object, e.g. {"format": "sbs-full"}');
    }
    const { job, upload } = await jobs.create({ request: request.body });
    const response: CreateJobResponse = { job_id: job.job_id, upload };
    return reply.code(201).header('location', `/api/jobs/${job.job_id}`).send(response);
  });

  app.get<{ Params: { job_id: string } }>('/api/jobs/:job_id', async (request) => jobs.view(request.params.job_id));

  // JSON only, as a form or a body-less fetch from another site could otherwise cancel a job (JSON needs a CORS
  // preflight, which this API does not grant).
  app.post<{ Params: { job_id: string } }>('/api/jobs/:job_id/cancel', async (request) => {
    if (mediaTypeOf(request) !== 'application/json') throw new HttpError({ status: 415, message: 'send the request as application/json; the body may be {}' });
    if (request.body === null || typeof request.body !== 'object' || Array.isArray(request.body) || Object.keys(request.body).length > 0) {
      throw new UsageError('the body must be {}');
    }
    return jobs.viewOf(await jobs.cancel(request.params.job_id));
  });

  // Another run on a job's video: a preview with other settings, or the whole video (`{"whole": true}`).
  app.post<{ Params: { job_id: string } }>('/api/jobs/:job_id/again', async (request, reply) => {
    if (mediaTypeOf(request) !== 'application/json') throw new HttpError({ status: 415, message: 'send the request as application/json, e.g. {"whole": true}' });
    const job = await jobs.derive({ jobId: request.params.job_id, request: request.body ?? {} });
    return reply.code(201).header('location', `/api/jobs/${job.job_id}`).send(await jobs.viewOf(job));
  });

  // Deleting needs no body; like cancel, a cross-site form cannot send DELETE without a CORS preflight.
  app.delete<{ Params: { job_id: string } }>('/api/jobs/:job_id', async (request, reply) => {
    await jobs.delete(request.params.job_id);
    return reply.code(204).send();
  });

  app.get('/api/jobs', async (request) => {
    const parsed = listQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new HttpError({ status: 400, message: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ') });
    const page = await jobs.listCompleted({ limit: parsed.data.limit, ...(parsed.data.cursor ? { cursor: parsed.data.cursor } : {}) });
    const response: ListJobsResponse = {
      jobs: await Promise.all(page.jobs.map((job) => jobs.viewOf(job))),
      ...(page.nextCursor ? { next_cursor: page.nextCursor } : {}),
    };
    return response;
  });
}
