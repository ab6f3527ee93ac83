import { randomUUID } from 'node:crypto';
import type { OutputFormat } from './formats.js';
import type { Job, JobOptions } from './job.js';

/** A job as it is created, waiting for its upload: the one shape the web server and the CLI both write. */
export function newJob({ format, options, sourceName, now = Date.now() }: { format: OutputFormat; options: JobOptions; sourceName?: string; now?: number }): Job {
  return {
    job_id: randomUUID(),
    status: 'created',
    format,
    options,
    ...(sourceName === undefined ? {} : { source_name: sourceName }),
    created_at: now,
    updated_at: now,
  };
}
