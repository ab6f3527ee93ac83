import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, type Job } from '@stereo-spot/shared-types';
import { parseCookies, serializeCookie } from './cookies.js';
import { CSRF_COOKIE, CSRF_FIELD, CsrfProtection } from './csrf.js';
import type { SafeHtml } from './html.js';
import { HttpError } from './http-errors.js';
import { assertJobId, InvalidJobRequestError, type JobService } from './job-service.js';
import { activeJobsFragment, dashboardPage, type TrackedJob } from './pages/dashboard-page.js';
import { JOB_FORM_FIELDS, NUMBER_FIELDS, type JobFormValues } from './pages/job-form.js';
import { jobPage } from './pages/job-page.js';
import { jobProgress } from './pages/job-progress.js';
import { jobsListPage } from './pages/jobs-list-page.js';
import { playPage } from './pages/play-page.js';
import { uploadPage } from './pages/upload-page.js';
import { parseRecentJobs, RECENT_JOBS_COOKIE, recentJobsCookie, recentJobsCookieWithout } from './recent-jobs.js';
import { originOf, setPageCsp } from './security-headers.js';

const RECENT_COMPLETED_ON_DASHBOARD = 5;

function sendHtml(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.toString());
}

/** The form's text fields → an API request; numbers that are not numbers are reported per field. */
export function formToRequest(body: Record<string, unknown>): { request: Record<string, unknown>; values: JobFormValues; errors: Record<string, string> } {
  const values: JobFormValues = {};
  const errors: Record<string, string> = {};
  const request: Record<string, unknown> = {};
  for (const field of JOB_FORM_FIELDS) {
    const raw = body[field];
    const text = typeof raw === 'string' ? raw.trim().slice(0, 200) : undefined;
    if (text === undefined || text === '') continue;
    values[field] = text;
    if (NUMBER_FIELDS.has(field)) {
      const number = Number(text);
      if (Number.isFinite(number)) request[field] = number;
      else errors[field] = 'must be a number';
    } else {
      request[field] = text;
    }
  }
  if (request.format === undefined) errors.format ??= 'choose an output format';
  return { request, values, errors };
}

/** The server-rendered pages: dashboard, job form, upload, job progress, completed jobs, play. */
export async function pageRoutes(app: FastifyInstance, { jobs, csrf, localUrls }: { jobs: JobService; csrf: CsrfProtection; localUrls: boolean }): Promise<void> {
  /** Local signed URLs are this server's own: given to the browser as paths, they stay same-origin whatever host name it used. */
  const browserUrl = (url: string): string => {
    if (!localUrls) return url;
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  };

  /** This browser's CSRF token; sets the cookie on first visit. */
  const csrfTokenFor = (request: FastifyRequest, reply: FastifyReply): string => {
    let value = parseCookies(request.headers.cookie).get(CSRF_COOKIE);
    if (!value || !/^[A-Za-z0-9_-]{32}$/.test(value)) {
      value = CsrfProtection.newCookieValue();
      void reply.header('set-cookie', serializeCookie({ name: CSRF_COOKIE, value, maxAgeSec: 7 * 24 * 3600 }));
    }
    return csrf.tokenFor(value);
  };

  /** A form posted by one of this site's pages: its fields, once its CSRF token matches this browser's cookie. */
  const verifiedForm = (request: FastifyRequest): Record<string, unknown> => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError({ status: 400, message: 'send the form' });
    csrf.verify({ cookieValue: parseCookies(request.headers.cookie).get(CSRF_COOKIE), token: body[CSRF_FIELD] });
    return body;
  };

  /** The jobs this browser created (the recent-jobs cookie). */
  const recentJobsOf = (request: FastifyRequest): string[] => parseRecentJobs(parseCookies(request.headers.cookie).get(RECENT_JOBS_COOKIE));

  const trackedJobs = async (request: FastifyRequest): Promise<TrackedJob[]> => {
    const ids = recentJobsOf(request);
    const tracked: TrackedJob[] = [];
    for (const id of ids) {
      try {
        const job = await jobs.get(id);
        tracked.push({ job, segmentsDone: await jobs.segmentsDone(job) });
      } catch (error) {
        // A job removed since (or from another data dir) just drops out of the list.
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return tracked.sort((a, b) => b.job.created_at - a.job.created_at);
  };

  const dashboard = async ({ request, reply, values, errors, status = 200 }: { request: FastifyRequest; reply: FastifyReply; values?: JobFormValues; errors?: Record<string, string>; status?: number }) => {
    const [tracked, completed] = await Promise.all([trackedJobs(request), jobs.listCompleted({ limit: RECENT_COMPLETED_ON_DASHBOARD })]);
    const page = dashboardPage({
      csrfToken: csrfTokenFor(request, reply),
      depthModels: jobs.config.depthModels,
      tracked,
      completed: completed.jobs,
      now: Date.now(),
      ...(values ? { values } : {}),
      ...(errors ? { errors } : {}),
    });
    return sendHtml(reply, page, status);
  };

  app.get('/', async (request, reply) => dashboard({ request, reply }));

  app.post('/jobs', async (request, reply) => {
    const body = verifiedForm(request);
    const { request: createRequest, values, errors } = formToRequest(body);
    if (Object.keys(errors).length > 0) return dashboard({ request, reply, values, errors, status: 400 });
    let job: Job;
    try {
      ({ job } = await jobs.create({ request: createRequest }));
    } catch (error) {
      if (error instanceof InvalidJobRequestError) return dashboard({ request, reply, values, errors: { ...error.fields }, status: 400 });
      throw error;
    }
    const previous = recentJobsOf(request);
    return reply.header('set-cookie', recentJobsCookie({ previous, jobId: job.job_id })).redirect(`/jobs/${job.job_id}/upload`, 303);
  });

  app.get<{ Querystring: Record<string, unknown> }>('/jobs', async (request, reply) => {
    const cursor = request.query.cursor;
    if (cursor !== undefined && (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 512)) throw new HttpError({ status: 400, message: 'invalid cursor' });
    const page = await jobs.listCompleted(cursor === undefined ? {} : { cursor });
    return sendHtml(reply, jobsListPage({ jobs: page.jobs, isFirstPage: cursor === undefined, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }));
  });

  app.get<{ Params: { job_id: string } }>('/jobs/:job_id', async (request, reply) => {
    const job = await jobs.get(request.params.job_id);
    return sendHtml(reply, jobPage({ job, segmentsDone: await jobs.segmentsDone(job), now: Date.now(), csrfToken: csrfTokenFor(request, reply) }));
  });

  app.get<{ Params: { job_id: string } }>('/jobs/:job_id/progress', async (request, reply) => {
    const job = await jobs.get(request.params.job_id);
    return sendHtml(reply, jobProgress({ job, segmentsDone: await jobs.segmentsDone(job), now: Date.now(), csrfToken: csrfTokenFor(request, reply) }));
  });

  app.post<{ Params: { job_id: string } }>('/jobs/:job_id/cancel', async (request, reply) => {
    verifiedForm(request);
    const job = await jobs.cancel(request.params.job_id);
    return reply.redirect(`/jobs/${job.job_id}`, 303);
  });

  // The upload page names the job after the file picked (browsers give the name only then). A form post, so the
  // page's CSRF token guards it like the others.
  app.post<{ Params: { job_id: string } }>('/jobs/:job_id/source-name', async (request, reply) => {
    const body = verifiedForm(request);
    const job = await jobs.setSourceName({ jobId: request.params.job_id, name: body.filename });
    return reply.code(200).header('cache-control', 'no-store').send({ source_name: job.source_name ?? null });
  });

  // Another run on a job's video (a preview with other settings, or the whole video): a new job, tracked here.
  app.post<{ Params: { job_id: string } }>('/jobs/:job_id/again', async (request, reply) => {
    const body = verifiedForm(request);
    const derived: Record<string, unknown> = { whole: body.whole === 'true' };
    for (const field of ['divergence', 'convergence'] as const) {
      const text = typeof body[field] === 'string' ? body[field].trim() : '';
      if (text !== '') derived[field] = Number(text);
    }
    const job = await jobs.derive({ jobId: request.params.job_id, request: derived });
    const previous = recentJobsOf(request);
    return reply.header('set-cookie', recentJobsCookie({ previous, jobId: job.job_id })).redirect(`/jobs/${job.job_id}`, 303);
  });

  app.get('/fragments/active-jobs', async (request, reply) => sendHtml(reply, activeJobsFragment({ tracked: await trackedJobs(request), now: Date.now(), csrfToken: csrfTokenFor(request, reply) })));

  /** A form post of this site (CSRF checked) about one job of this browser's list. */
  const forgetJob = async ({ request, reply, remove }: { request: FastifyRequest<{ Params: { job_id: string } }>; reply: FastifyReply; remove: boolean }) => {
    verifiedForm(request);
    const jobId = request.params.job_id;
    assertJobId(jobId);
    if (remove) await jobs.delete(jobId);
    const previous = recentJobsOf(request);
    return reply.header('set-cookie', recentJobsCookieWithout({ previous, jobId })).redirect('/', 303);
  };
  app.post<{ Params: { job_id: string } }>('/jobs/:job_id/dismiss', async (request, reply) => forgetJob({ request, reply, remove: false }));
  app.post<{ Params: { job_id: string } }>('/jobs/:job_id/delete', async (request, reply) => forgetJob({ request, reply, remove: true }));

  app.get<{ Params: { job_id: string } }>('/jobs/:job_id/upload', async (request, reply) => {
    const job = await jobs.get(request.params.job_id);
    // Once the source is in, uploading again would restart nothing: show the job instead.
    if (job.status !== 'created') return reply.redirect(`/jobs/${job.job_id}`, 303);
    const upload = await jobs.uploadInstructions({ jobId: job.job_id });
    const url = browserUrl(upload.url);
    const origin = originOf(url);
    if (origin) setPageCsp({ reply, origins: { connect: [origin] } });
    return sendHtml(reply, uploadPage({ job, upload: { ...upload, url }, maxBytes: jobs.config.maxUploadBytes, csrfToken: csrfTokenFor(request, reply) }));
  });

  app.get<{ Params: { job_id: string } }>('/jobs/:job_id/play', async (request, reply) => {
    const job = await jobs.get(request.params.job_id);
    if (job.status !== 'completed') throw new HttpError({ status: 409, message: `this job is not completed yet (${job.status.replace(/_/g, ' ')}); its page shows the progress: /jobs/${job.job_id}` });
    const playUrl = browserUrl(await jobs.resultUrl({ job, as: 'play' }));
    const downloadUrl = browserUrl(await jobs.resultUrl({ job, as: 'download' }));
    const origin = originOf(playUrl);
    if (origin) setPageCsp({ reply, origins: { media: [origin] } });
    const subtitles = (await jobs.subtitleTracks(job)).map((track) => ({ ...track, url: browserUrl(track.url) }));
    return sendHtml(reply, playPage({ job, playUrl, downloadUrl, subtitles, csrfToken: csrfTokenFor(request, reply) }));
  });
}
