import { Argument, Option, type Command } from 'commander';
import { QUEUE_NAMES, type QueueName } from '@stereo-spot/shared-types';
import { lazy } from '../lazy.js';
import type { OperationContext } from './run-operation.js';

// Loaded when their command runs (see lazy.ts).
const dlqList = lazy(async () => (await import('./dlq-list.js')).dlqList);
const dlqPurge = lazy(async () => (await import('./dlq-purge.js')).dlqPurge);
const dlqReplay = lazy(async () => (await import('./dlq-replay.js')).dlqReplay);
const dlqShow = lazy(async () => (await import('./dlq-show.js')).dlqShow);
const runOperation = lazy(async () => (await import('./run-operation.js')).runOperation);

const BACKEND_HELP = `
Backend: the embedded one in --data-dir (default), or STORAGE_ADAPTER=aws with the variables of
\`stereo-spot worker --help\` (each queue's dead-letter queue is found from its RedrivePolicy).
Exit status: 0 done, 1 failed, 2 bad usage or refused (nothing changed).`;

const SELECTION_HELP = `Choose messages with --message-id (repeatable; ids as \`stereo-spot dlq show\` prints them) or --all.
Shows what will change and asks for confirmation; without a terminal, --yes is required.`;

const SQS_SCAN_HELP = `On SQS a look is a receive: messages are received in batches with a 60 s visibility timeout until none is
new (at most 40 s, 5000 messages), then made visible again; each look adds one to their receive count.`;

/**
 * `stereo-spot dlq list|show|replay|purge`: the dead-letter queues of the chunking, video-worker and reassembly
 * queues. Each command opens the backend of the environment, runs, and closes it; errors go through `fail`.
 */
export function addDlqCommands({ program, fail, defaultDataDir, positiveInteger }: { program: Command; fail: (error: unknown) => never; defaultDataDir: string; positiveInteger: (value: string) => number }): void {
  const dataDirOption = () => new Option('--data-dir <dir>', 'the embedded backend (and scratch space on AWS)').default(defaultDataDir);
  const queueArgument = () => new Argument('<queue>', `whose dead-letter queue: ${QUEUE_NAMES.join(', ')}`).choices([...QUEUE_NAMES]);
  const messageIdOption = () => new Option('--message-id <id>', 'a message to act on (repeatable)').argParser((value: string, previous: string[]) => [...previous, value]).default([]);

  const operate = (dataDir: string, run: (context: OperationContext) => Promise<void>) => runOperation({ dataDir, fail, run });

  const dlq = program.command('dlq').description('dead-lettered messages: list, show, replay to their queue, purge');

  dlq
    .command('list')
    .description('how many messages each queue\'s dead-letter queue holds')
    .option('--json', 'one JSON object: {queues: [{queue, count}]}', false)
    .addOption(dataDirOption())
    .addHelpText('after', `
A message lands there after STEREO_SPOT_MAX_RECEIVE_COUNT deliveries (SQS: the queue's maxReceiveCount) that
never finished; workers then fail its job. SQS counts are approximate (visible + in flight + delayed).
${BACKEND_HELP}`)
    .action((opts: { json: boolean; dataDir: string }) => operate(opts.dataDir, ({ backend, io }) => dlqList({ backend, json: opts.json, io })));

  dlq
    .command('show')
    .description('the messages of one dead-letter queue: id, first sent, receive count, job (and its status now), segment, body')
    .addArgument(queueArgument())
    .option('--limit <n>', 'messages shown at most', positiveInteger, 20)
    .option('--json', 'one JSON object: {queue, count, messages: [{id, sent_at, receive_count, job_id, segment_index, job_status, body}]}', false)
    .addOption(dataDirOption())
    .addHelpText('after', `
Nothing is deleted. ${SQS_SCAN_HELP}
${BACKEND_HELP}`)
    .action((queue: QueueName, opts: { limit: number; json: boolean; dataDir: string }) =>
      operate(opts.dataDir, ({ backend, io }) => dlqShow({ backend, queue, limit: opts.limit, json: opts.json, io })),
    );

  dlq
    .command('replay')
    .description('send dead-lettered messages back to their queue (once the cause is fixed)')
    .addArgument(queueArgument())
    .addOption(messageIdOption())
    .option('--all', 'every message of the dead-letter queue', false)
    .option('--force', 'replay messages of ended jobs too (workers drop them unless the job is active again)', false)
    .option('-y, --yes', 'do it without asking', false)
    .option('--json', 'one JSON object: {queue, replayed, skipped: [{id, job_id, reason}], not_found}', false)
    .addOption(dataDirOption())
    .addHelpText('after', `
Each message goes back to its queue with its receive count from zero (SQS: its body is sent as a new message,
then it is deleted from the dead-letter queue; a crash in between leaves a copy in both, never in neither, and
workers are idempotent). Skipped unless --force: a
message whose job is failed (purge it, then run \`stereo-spot jobs retry <job_id>\`, which resends what the job
needs; a running worker fails an active job whose message is still dead-lettered), cancelled, completed or gone,
since a worker would drop it. Replayed: messages of active jobs and bodies naming no job.
${SELECTION_HELP}
${SQS_SCAN_HELP}
${BACKEND_HELP}`)
    .action((queue: QueueName, opts: { messageId: string[]; all: boolean; force: boolean; yes: boolean; json: boolean; dataDir: string }) =>
      operate(opts.dataDir, ({ backend, io, logger }) => dlqReplay({ backend, queue, messageIds: opts.messageId, all: opts.all, force: opts.force, yes: opts.yes, json: opts.json, io, logger })),
    );

  dlq
    .command('purge')
    .description('delete dead-lettered messages for good')
    .addArgument(queueArgument())
    .addOption(messageIdOption())
    .option('--all', 'every message of the dead-letter queue (those shown; one arriving meanwhile stays)', false)
    .option('-y, --yes', 'do it without asking', false)
    .option('--json', 'one JSON object: {queue, purged, not_found}', false)
    .addOption(dataDirOption())
    .addHelpText('after', `
Their jobs are not changed (a job whose message was dead-lettered has failed already, or will at the next
dead-letter check of a running worker). ${SELECTION_HELP}
${SQS_SCAN_HELP}
${BACKEND_HELP}`)
    .action((queue: QueueName, opts: { messageId: string[]; all: boolean; yes: boolean; json: boolean; dataDir: string }) =>
      operate(opts.dataDir, ({ backend, io, logger }) => dlqPurge({ backend, queue, messageIds: opts.messageId, all: opts.all, yes: opts.yes, json: opts.json, io, logger })),
    );
}
