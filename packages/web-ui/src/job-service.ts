import { z } from 'zod';
import {
  finalKeyOf,
  isFinalStatus,
  deleteJobObjects,
  newJob,
  parseSubtitleTrackKey,
  subtitleTrackPrefix,
  resultFileNameOf,
  sourceNameSchema,
  buildSourceKey,
  assertCancellable,
  ConflictError,
  createJobRequestSchema,
  jobOptionsSchema,
  describeIssue,
  isJobId,
  NotFoundError,
  toJobView,
  UsageError,
  type Backend,
  type Job,
  type JobOptions,
  type JobView,
  type Logger,
  type UploadInstructions,
} from '@stereo-spot/shared-types';
import { DEFAULT_UPLOAD_CONTENT_TYPE, VIDEO_CONTENT_TYPES, type WebUiConfig } from './web-ui-config.js';

/** The ports the web server uses: the same code serves the embedded backend and AWS. */
export type WebBackend = Pick<Backend, 'jobs' | 'completions' | 'storage'>;

/** The API body, plus the content type the upload will declare (video only). Unknown fields are refused. */
export const webCreateJobRequestSchema = createJobRequestSchema
  .extend({ content_type: z.enum(VIDEO_CONTENT_TYPES).default(DEFAULT_UPLOAD_CONTENT_TYPE) })
  .strict();

/** Another run on a job's video: new settings, and whether to convert the whole video rather than a preview. */
export const deriveJobRequestSchema = jobOptionsSchema.pick({ divergence: true, convergence: true }).extend({ whole: z.boolean().default(false) }).strict();

/** A create request that does not validate; `fields` says what is wrong with each field (for the form). */
export class InvalidJobRequestError extends UsageError {
  readonly fields: Readonly<Record<string, string>>;
  constructor(fields: Record<string, string>) {
    super(Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; '));
    this.fields = fields;
  }

  /** The first problem of each field, in words (`describeIssue`). */
  static from(error: z.ZodError): InvalidJobRequestError {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) fields[String(issue.path[0] ?? 'body')] ??= describeIssue(issue);
    return new InvalidJobRequestError(fields);
  }
}

/** A malformed job id in a path: 400, never a lookup. */
export class InvalidJobIdError extends UsageError {}

export function assertJobId(jobId: string): void {
  if (!isJobId(jobId)) throw new InvalidJobIdError('job id must be a lowercase UUID');
}

export const LIST_PAGE_SIZE = 20;
export const MAX_LIST_PAGE_SIZE = 100;

/** Creating jobs, handing out upload and result URLs, and reading progress: what pages and API share. */
export class JobService {
  readonly #backend: WebBackend;
  readonly #config: WebUiConfig;
  readonly #logger: Logger;

  constructor({ backend, config, logger }: { backend: WebBackend; config: WebUiConfig; logger: Logger }) {
    this.#backend = backend;
    this.#config = config;
    this.#logger = logger;
  }

  get config(): WebUiConfig {
    return this.#config;
  }

  async create({ request }: { request: unknown }): Promise<{ job: Job; upload: UploadInstructions }> {
    const parsed = webCreateJobRequestSchema.safeParse(request);
    if (!parsed.success) throw InvalidJobRequestError.from(parsed.error);
    const { format, content_type: contentType, filename, ...rest } = parsed.data;
    if (!this.#config.depthModels.includes(rest.depth)) {
      throw new InvalidJobRequestError({ depth: `"${rest.depth}" is not available here; choose ${this.#config.depthModels.join(' or ')}` });
    }
    // Absent options stay absent (DynamoDB refuses undefined attributes).
    const options = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as JobOptions;
    const job = newJob({ format, options, ...(filename === undefined ? {} : { sourceName: filename }) });
    await this.#backend.jobs.create(job);
    this.#logger.info({ job_id: job.job_id, format, depth: options.depth }, 'job created');
    return { job, upload: await this.uploadInstructions({ jobId: job.job_id, contentType }) };
  }

  /** A fresh upload URL for the job's source (each page load of the upload page gets its own). */
  uploadInstructions({ jobId, contentType = DEFAULT_UPLOAD_CONTENT_TYPE }: { jobId: string; contentType?: string }): Promise<UploadInstructions> {
    return this.#backend.storage.presignUpload({
      bucket: 'input',
      key: buildSourceKey(jobId),
      expiresInSec: this.#config.uploadExpirySec,
      maxBytes: this.#config.maxUploadBytes,
      contentType,
    });
  }

  /** The job, or `NotFoundError`; a malformed id is `InvalidJobIdError`. */
  async get(jobId: string): Promise<Job> {
    assertJobId(jobId);
    const job = await this.#backend.jobs.get(jobId);
    if (!job) throw new NotFoundError(`no job ${jobId}`);
    return job;
  }

  async view(jobId: string): Promise<JobView> {
    return this.viewOf(await this.get(jobId));
  }

  async viewOf(job: Job): Promise<JobView> {
    return toJobView({ job, segmentsDone: await this.segmentsDone(job), ...(job.status === 'completed' ? { resultUrl: await this.resultUrl({ job, as: 'download' }) } : {}) });
  }

  /**
   * A signed URL of the job's result: `download` makes the browser save it under the job's result name
   * (Content-Disposition); `play` is for a video element.
   */
  resultUrl({ job, as }: { job: Job; as: 'download' | 'play' }): Promise<string> {
    return this.#backend.storage.presignGet({
      bucket: 'output',
      key: finalKeyOf(job),
      expiresInSec: this.#config.resultExpirySec,
      ...(as === 'download' ? { downloadName: resultFileNameOf(job) } : {}),
    });
  }

  /** The result's subtitles as WebVTT tracks for the player (text subtitles of the source, in its order). */
  async subtitleTracks(job: Job): Promise<Array<{ url: string; language?: string; label: string }>> {
    const objects = await this.#backend.storage.list({ bucket: 'output', prefix: subtitleTrackPrefix(job.job_id) });
    const tracks: Array<{ url: string; language?: string; label: string; position: number }> = [];
    for (const { key } of objects) {
      const { position } = parseSubtitleTrackKey(key);
      const language = job.source?.subtitle_streams[position]?.language;
      const url = await this.#backend.storage.presignGet({ bucket: 'output', key, expiresInSec: this.#config.resultExpirySec });
      tracks.push({ url, position, label: `Subtitles ${position + 1}${language ? ` (${language})` : ''}`, ...(language ? { language } : {}) });
    }
    return tracks.sort((a, b) => a.position - b.position).map(({ position: _position, ...track }) => track);
  }

  /**
   * Records the name of the file the person chose, while the job still waits for it (the page learns the name
   * only when a file is picked). A job that has moved on keeps the name it has.
   */
  async setSourceName({ jobId, name }: { jobId: string; name: unknown }): Promise<Job> {
    const parsed = sourceNameSchema.safeParse(name);
    if (!parsed.success) throw new InvalidJobRequestError({ filename: 'give the name of the chosen file' });
    const job = await this.get(jobId);
    if (job.status !== 'created') return job;
    const result = await this.#backend.jobs.transition({ jobId, from: ['created'], to: 'created', patch: { source_name: parsed.data } });
    return result.applied ? result.job : (result.current ?? job);
  }

  /**
   * Cancels a running (or failed) job: one conditional write from the status just read, so a job that ended or
   * moved meanwhile is refused (409) rather than overwritten. Workers drop a cancelled job's
   * messages; what it stored stays.
   */
  async cancel(jobId: string): Promise<Job> {
    const job = await this.get(jobId);
    assertCancellable(job);
    const result = await this.#backend.jobs.transition({ jobId, from: [job.status], to: 'cancelled' });
    if (!result.applied) throw new ConflictError(`job ${jobId} changed meanwhile (now ${result.current?.status.replace(/_/g, ' ') ?? 'gone'}); nothing was done`);
    this.#logger.info({ job_id: jobId, from: job.status }, 'job cancelled');
    return result.job;
  }

  /**
   * Deletes a job that has ended: its objects (source, segments, result), its segment completions, then its
   * record, so a failure part-way leaves the job listed and the delete can be tried again. A running job is
   * refused (409): cancel it first.
   */
  async delete(jobId: string): Promise<void> {
    const job = await this.get(jobId);
    if (!isFinalStatus(job.status)) throw new ConflictError(`job ${jobId} is ${job.status.replace(/_/g, ' ')}; cancel it before deleting it`);
    const objects = await deleteJobObjects({ storage: this.#backend.storage, jobId });
    await this.#backend.completions.deleteByJob(jobId);
    const result = await this.#backend.jobs.delete({ jobId });
    if (!result.deleted) {
      if (!result.current) return; // deleted meanwhile by another request: the outcome asked for
      throw new ConflictError(`job ${jobId} changed meanwhile (now ${result.current.status.replace(/_/g, ' ')}); it was not deleted`);
    }
    this.#logger.info({ job_id: jobId, status: job.status, objects }, 'job deleted');
  }

  /**
   * A new job on the video another job was given: the same format and settings but for those in `request`
   * (strength, screen plane), a preview again or the whole video (`whole`). The source is copied inside the
   * storage, and the copy's object-created event starts the new job: nothing is uploaded twice.
   */
  async derive({ jobId, request }: { jobId: string; request: unknown }): Promise<Job> {
    const from = await this.get(jobId);
    const parsed = deriveJobRequestSchema.safeParse(request);
    if (!parsed.success) throw InvalidJobRequestError.from(parsed.error);
    const { whole, divergence, convergence } = parsed.data;
    const sourceKey = buildSourceKey(from.job_id);
    if (from.status === 'created' || !(await this.#backend.storage.exists({ bucket: 'input', key: sourceKey }))) {
      throw new ConflictError(`the video of job ${from.job_id} is not stored (not uploaded yet, deleted or expired); upload it again in a new job`);
    }
    const { preview_seconds: previewSeconds, ...rest } = from.options;
    const options: JobOptions = {
      ...rest,
      ...(divergence === undefined ? {} : { divergence }),
      ...(convergence === undefined ? {} : { convergence }),
      ...(whole || previewSeconds === undefined ? {} : { preview_seconds: previewSeconds }),
    };
    const job = newJob({ format: from.format, options, ...(from.source_name === undefined ? {} : { sourceName: from.source_name }) });
    await this.#backend.jobs.create(job);
    await this.#backend.storage.copy({ bucket: 'input', fromKey: sourceKey, toKey: buildSourceKey(job.job_id) });
    this.#logger.info({ job_id: job.job_id, from_job_id: from.job_id, whole, divergence, convergence }, 'job created');
    return job;
  }

  /** Completed jobs, newest first; a bad cursor or limit is a `UsageError`. */
  async listCompleted({ limit = LIST_PAGE_SIZE, cursor }: { limit?: number; cursor?: string }): Promise<{ jobs: Job[]; nextCursor?: string }> {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_PAGE_SIZE) throw new UsageError(`limit must be a whole number from 1 to ${MAX_LIST_PAGE_SIZE}`);
    const page = await this.#backend.jobs.listCompleted({ limit, ...(cursor === undefined ? {} : { cursor }) });
    return { jobs: page.jobs, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Completions are only counted while they can change; a completed job has them all. */
  async segmentsDone(job: Job): Promise<number> {
    switch (job.status) {
      case 'created':
      case 'chunking_in_progress':
        return 0;
      case 'completed':
        return job.total_segments ?? 0;
      case 'chunking_complete':
      case 'failed':
      case 'cancelled':
        return this.#backend.completions.countByJob(job.job_id);
    }
  }
}
