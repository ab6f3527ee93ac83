import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { JOB_STATUSES, type JobStatus } from '@stereo-spot/shared-types';
import { lazy } from '../lazy.js';
import type { OperationContext } from './run-operation.js';

// Loaded when their command runs (see lazy.ts).
const cancelJob = lazy(async () => (await import('./cancel-job.js')).cancelJob);
const listJobs = lazy(async () => (await import('./list-jobs.js')).listJobs);
const recoverChunking = lazy(async () => (await import('./recover-chunking.js')).recoverChunking);
const retryJob = lazy(async () => (await import('./retry-job.js')).retryJob);
const runOperation = lazy(async () => (await import('./run-operation.js')).runOperation);
const showJob = lazy(async () => (await import('./show-job.js')).showJob);

const BACKEND_HELP = `
Backend: the embedded one in --data-dir (default), or STORAGE_ADAPTER=aws with the variables of
\`stereo-spot worker --help\`. Exit status: 0 done, 1 failed, 2 bad usage or refused (nothing changed).`;

const CONFIRM_HELP = `Shows what will change and asks for confirmation; without a terminal, --yes is required.`;

/**
 * The operator commands (`jobs list|show|retry|cancel`, `recover-chunking`) on a program: each opens the backend
 * of the environment, runs, and closes it; errors go through `fail` (exit 1, or 2 for usage and refusals).
 * Changes are logged (JSON) to <data-dir>/logs/stereo-spot.log.
 */
export function addOperatorCommands({ program, fail, defaultDataDir, positiveInteger }: { program: Command; fail: (error: unknown) => never; defaultDataDir: string; positiveInteger: (value: string) => number }): void {
  const dataDirOption = () => new Option('--data-dir <dir>', 'the embedded backend (and scratch space on AWS)').default(defaultDataDir);
  const operate = (dataDir: string, run: (context: OperationContext) => Promise<void>) => runOperation({ dataDir, fail, run });

  /** A command that changes one job: its id, confirmation, JSON output, the backend. */
  const changeCommand = ({ parent, name, description, help }: { parent: Command; name: string; description: string; help: string }) =>
    parent
      .command(name)
      .description(description)
      .argument('<job_id>')
      .option('-y, --yes', 'do it without asking', false)
      .option('--json', 'print the outcome as JSON', false)
      .addOption(dataDirOption())
      .addHelpText('after', `${help}\n${CONFIRM_HELP}${BACKEND_HELP}`);
  type ChangeFlags = { yes: boolean; json: boolean; dataDir: string };

  const jobs = program.command('jobs').description('operator commands on jobs: list, show, retry, cancel');

  jobs
    .command('list')
    .description('jobs of one status, most recently updated first, a page at a time')
    .addOption(new Option('--status <status>', 'which jobs').choices([...JOB_STATUSES]).default('failed'))
    .option('--limit <n>', 'jobs per page', positiveInteger, 20)
    .option('--cursor <cursor>', 'the next page, as printed at the end of the previous one')
    .option('--json', 'one JSON object: {status, jobs, next_cursor}', false)
    .addOption(dataDirOption())
    .addHelpText('after', BACKEND_HELP)
    .action((opts: { status: JobStatus; limit: number; cursor?: string; json: boolean; dataDir: string }) =>
      operate(opts.dataDir, ({ backend, io }) => listJobs({ backend, status: opts.status, limit: opts.limit, ...(opts.cursor === undefined ? {} : { cursor: opts.cursor }), json: opts.json, io })),
    );

  jobs
    .command('show')
    .description('one job: status, format, options, times, segments done, stage times, error, its reassembly lock record')
    .argument('<job_id>')
    .option('--json', 'one JSON object: {job, segments_done, reassembly_lock}', false)
    .addOption(dataDirOption())
    .addHelpText('after', BACKEND_HELP)
    .action((jobId: string, opts: { json: boolean; dataDir: string }) => operate(opts.dataDir, ({ backend, io }) => showJob({ backend, jobId, json: opts.json, io })));

  changeCommand({
    parent: jobs,
    name: 'retry',
    description: 'run a failed job again from the stage that failed',
    help: `
From the failed stage (job.error.stage), after checking that what it needs is stored (else it refuses):
  chunking    failed → created; the chunking message for input/{job_id}/source.mp4 is sent again
  video       failed → chunking_complete; a video-worker message for every segment without a completion,
              then the trigger check (a job that failed before chunking ended is chunked again instead)
  reassembly  its ReassemblyTriggered record is deleted; failed → chunking_complete; the trigger check
The transition is conditional on the job still being failed and removes its error.`,
  }).action((jobId: string, opts: ChangeFlags) => operate(opts.dataDir, ({ backend, io, logger }) => retryJob({ backend, jobId, yes: opts.yes, json: opts.json, io, logger })));

  changeCommand({
    parent: jobs,
    name: 'cancel',
    description: 'cancel a running or failed job: workers drop its messages',
    help: `
One conditional transition from the status shown to cancelled (a final status). Completed or cancelled jobs
are refused. Its objects stay.`,
  }).action((jobId: string, opts: ChangeFlags) => operate(opts.dataDir, ({ backend, io }) => cancelJob({ backend, jobId, yes: opts.yes, json: opts.json, io })));

  changeCommand({
    parent: program,
    name: 'recover-chunking',
    description: 'finish a job whose chunking worker uploaded every segment but died before marking the job',
    help: `
Lists segments/{job_id}/ in the input bucket and parses every key ({index}_{total}_{mode}.mp4). Refuses,
naming what is wrong, unless every key has the same total and the job's mode and the indexes 0..total-1 are
each there once. Then, for a job in chunking_in_progress or created, one conditional update sets
total_segments, the source facts (probed from the source again when missing) and status=chunking_complete,
and the reassembly trigger check runs (its outcome is printed).`,
  }).action((jobId: string, opts: ChangeFlags) =>
    operate(opts.dataDir, ({ backend, io, logger, dataDir }) => recoverChunking({ backend, jobId, yes: opts.yes, json: opts.json, io, logger, scratchDir: join(dataDir, 'tmp') })),
  );
}
