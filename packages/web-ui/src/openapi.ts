import { z } from 'zod';
import { createJobResponseSchema, FORMAT_ALIASES, jobViewSchema, listJobsResponseSchema, OUTPUT_FORMATS, type DepthModel } from '@stereo-spot/shared-types';
import { deriveJobRequestSchema, MAX_LIST_PAGE_SIZE, LIST_PAGE_SIZE, webCreateJobRequestSchema } from './job-service.js';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
};

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

function jsonResponse(description: string, ref: string) {
  return { description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } };
}

/** Schemas come from the zod DTOs the API validates and sends with, so the document cannot drift from them. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** The create body as validated, plus what zod cannot say: the names a format accepts, the depth estimators offered here. */
function createJobRequestSchemaDocument(depthModels: readonly DepthModel[]): Record<string, unknown> {
  const schema = schemaOf(webCreateJobRequestSchema, 'input') as { properties: Record<string, Record<string, unknown>> };
  const { properties } = schema;
  return {
    ...schema,
    properties: {
      ...properties,
      format: { type: 'string', enum: [...OUTPUT_FORMATS, ...Object.keys(FORMAT_ALIASES)] },
      depth: { ...properties.depth, enum: [...depthModels] },
      divergence: { ...properties.divergence, description: 'maximum disparity, % of the frame width (default 2.0)' },
      convergence: { ...properties.convergence, description: 'depth on the screen plane, 0 farthest … 1 nearest (default 0.5)' },
      content_type: { ...properties.content_type, description: 'the Content-Type the upload will send' },
    },
  };
}

const jobIdParameter = { name: 'job_id', in: 'path', required: true, schema: { type: 'string', format: 'uuid', pattern: '^[0-9a-f-]{36}$' } };

/** The OpenAPI 3.1 document of the JSON API (served at /api/openapi.json). */
export function openApiDocument({ depthModels, version }: { depthModels: readonly DepthModel[]; version: string }): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'stereo-spot API',
      version,
      description: 'Create a conversion job, upload the 2D video directly to storage with the returned instructions, poll the job, fetch the 3D result.',
    },
    paths: {
      '/api/jobs': {
        post: {
          summary: 'Create a job and get upload instructions',
          description: 'PUT: send the file as the body with `headers`. POST: a multipart form with `fields`, then the file as `file`.',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateJobRequest' } } } },
          responses: {
            '201': jsonResponse('created', 'CreateJobResponse'),
            '400': errorResponse('invalid body (the message names each wrong field)'),
            '415': errorResponse('body is not application/json'),
          },
        },
        get: {
          summary: 'List completed jobs, newest first',
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['completed'], default: 'completed' } },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'the `next_cursor` of the previous page' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIST_PAGE_SIZE, default: LIST_PAGE_SIZE } },
          ],
          responses: { '200': jsonResponse('a page of jobs', 'ListJobsResponse'), '400': errorResponse('bad status, cursor or limit') },
        },
      },
      '/api/jobs/{job_id}': {
        get: {
          summary: 'A job with its progress, error and result URL',
          parameters: [jobIdParameter],
          responses: { '200': jsonResponse('the job', 'JobView'), '400': errorResponse('malformed job id'), '404': errorResponse('no such job') },
        },
        delete: {
          summary: 'Delete a job that has ended',
          description: "Removes the job's objects (source, segments, result), its segment records and the job itself. A job still running is refused: cancel it first.",
          parameters: [jobIdParameter],
          responses: {
            '204': { description: 'deleted' },
            '400': errorResponse('malformed job id'),
            '404': errorResponse('no such job'),
            '409': errorResponse('the job is still running (cancel it first) or changed meanwhile'),
          },
        },
      },
      '/api/jobs/{job_id}/cancel': {
        post: {
          summary: 'Cancel a running (or failed) job',
          description: 'Workers drop the messages of a cancelled job; what it stored stays. The body is `{}`, sent as application/json.',
          parameters: [jobIdParameter],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } },
          responses: {
            '200': jsonResponse('the job, cancelled', 'JobView'),
            '400': errorResponse('malformed job id, or a body other than {}'),
            '404': errorResponse('no such job'),
            '409': errorResponse('the job already ended (completed or cancelled) or changed meanwhile'),
            '415': errorResponse('body is not application/json'),
          },
        },
      },
      '/api/jobs/{job_id}/again': {
        post: {
          summary: "A new job on another job's video",
          description:
            'The same format and settings but for `divergence` and `convergence` when given; a preview again, or the whole video with `"whole": true`. The uploaded video is copied inside the storage: nothing is uploaded again.',
          parameters: [jobIdParameter],
          requestBody: { required: true, content: { 'application/json': { schema: schemaOf(deriveJobRequestSchema, 'input') } } },
          responses: {
            '201': jsonResponse('the new job', 'JobView'),
            '400': errorResponse('a bad setting'),
            '404': errorResponse('no such job'),
            '409': errorResponse('the job has no stored video (not uploaded yet, deleted or expired)'),
            '415': errorResponse('body is not application/json'),
          },
        },
      },
      '/healthz': { get: { summary: 'The process is alive', responses: { '200': { description: 'alive' } } } },
      '/readyz': { get: { summary: 'The backend answers', responses: { '200': { description: 'ready' }, '503': { description: 'the backend does not answer' } } } },
      '/metrics': {
        get: {
          summary: "The process's metrics (HTTP requests, job status changes and, with embedded workers, theirs), Prometheus text format",
          responses: { '200': { description: 'metrics', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
    },
    components: {
      schemas: {
        CreateJobRequest: createJobRequestSchemaDocument(depthModels),
        CreateJobResponse: schemaOf(createJobResponseSchema),
        JobView: schemaOf(jobViewSchema),
        ListJobsResponse: schemaOf(listJobsResponseSchema),
        Error: errorSchema,
      },
    },
  };
}
