import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobOptions, OutputFormat } from '@stereo-spot/shared-types';

/**
 * Remembers which job a `convert` invocation started, keyed by the input file's identity (path, size, mtime)
 * and the options, so running the same command again after a crash resumes that job instead of starting over.
 */
export interface ConvertRunIdentity {
  inputPath: string;
  size: number;
  mtimeMs: number;
  format: OutputFormat;
  options: JobOptions;
}

function recordPath({ dataDir, identity }: { dataDir: string; identity: ConvertRunIdentity }): string {
  const digest = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
  return join(dataDir, 'runs', `${digest}.json`);
}

export async function readRunRecord(args: { dataDir: string; identity: ConvertRunIdentity }): Promise<string | undefined> {
  try {
    const { job_id: jobId } = JSON.parse(await readFile(recordPath(args), 'utf8')) as { job_id?: unknown };
    return typeof jobId === 'string' ? jobId : undefined;
  } catch {
    return undefined;
  }
}

export async function writeRunRecord(args: { dataDir: string; identity: ConvertRunIdentity; jobId: string }): Promise<void> {
  const path = recordPath(args);
  await mkdir(join(args.dataDir, 'runs'), { recursive: true });
  await writeFile(`${path}.tmp`, JSON.stringify({ job_id: args.jobId, input: args.identity.inputPath }));
  await rename(`${path}.tmp`, path);
}

export async function forgetRunRecord(args: { dataDir: string; identity: ConvertRunIdentity }): Promise<void> {
  await rm(recordPath(args), { force: true });
}
