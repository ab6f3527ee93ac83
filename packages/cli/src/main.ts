import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createLogger,
  CONTAINERS,
  DEFAULT_CONTAINER,
  DEFAULT_DEPTH_MODEL,
  DEPTH_MODELS,
  ENCODER_PRESETS,
  VIDEO_CODECS,
  errorMessage,
  FORMAT_ALIASES,
  OUTPUT_FORMATS,
  UsageError,
  fileLogDestination,
} from '@stereo-spot/shared-types';
import { addDlqCommands } from './operations/dlq-commands.js';
import { addOperatorCommands } from './operations/operator-commands.js';
import { addModelCommands } from './models/model-commands.js';
import { lazy } from './lazy.js';
import { WORKER_ROLES, type WorkerRole } from './worker-roles.js';
import { listenForStop, type StopRequests } from './listen-for-stop.js';
import { ProgressReporter } from './progress-reporter.js';
import { serveLogger } from './serve-logger.js';
import { DEFAULT_METRICS_PORT, readWorkerConfig } from './worker-config.js';

// Loaded when their command runs (see lazy.ts).
const convert = lazy(async () => (await import('./commands/convert.js')).convert);
const serve = lazy(async () => (await import('./commands/serve.js')).serve);
const runWorker = lazy(async () => (await import('./commands/worker.js')).runWorker);

const DEFAULT_DATA_DIR = '.stereo-spot';

interface ConvertFlags {
  output?: string;
  format: string;
  depth: string;
  model?: string;
  divergence?: number;
  convergence?: number;
  codec: string;
  crf?: number;
  preset?: string;
  segmentSeconds?: number;
  container: string;
  preview?: number;
  workers: number;
  dataDir: string;
  graceSeconds: number;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a positive number');
  return number;
}

function portNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError('must be a port number, 0 … 65535');
  return number;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return number;
}

/** Exit codes: 0 success, 1 the job failed or something broke, 2 bad usage (commander's own errors too). */
function fail(error: unknown): never {
  const code = error instanceof UsageError ? 2 : 1;
  process.stderr.write(`stereo-spot: ${errorMessage(error).split('\n')[0]}\n`);
  process.exit(code);
}

/** Exit status of a command stopped by a second Ctrl-C (or a convert stopped by any): the shell's 128 + SIGINT. */
const INTERRUPTED = 130;

/** Says on the terminal what the next Ctrl-C does, since nothing else shows while the work in hand finishes. */
function announceStops({ stops, graceSeconds, what }: { stops: StopRequests; graceSeconds: number; what: string }): void {
  stops.graceful.addEventListener('abort', () => process.stderr.write(`\nstereo-spot: stopping; ${what} get up to ${graceSeconds} s to finish (Ctrl-C again stops them now)\n`), { once: true });
  stops.now.addEventListener('abort', () => process.stderr.write(`stereo-spot: stopping now; ${what} are cut short\n`), { once: true });
}

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('stereo-spot')
  .version(version)
  .description('Turn 2D videos into stereoscopic 3D (side-by-side, top-bottom, anaglyph), segment by segment.')
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  // Before the commands are added, so they inherit it: commander's own usage errors exit 2 as well.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

program
  .command('convert')
  .description('convert one video on this machine (embedded backend: no cloud account, no Docker)')
  .argument('<input>', 'the 2D video to convert')
  .option('-o, --output <path>', 'where to write the result (default: <input name>_<layout tag>.<container> next to the input, e.g. holiday_LR.mp4)')
  .addOption(
    new Option('-f, --format <format>', `output layout: ${OUTPUT_FORMATS.join(', ')} (aliases: ${Object.entries(FORMAT_ALIASES).map(([alias, format]) => `${alias}=${format}`).join(', ')})`).default('sbs-full'),
  )
  .addOption(new Option('--depth <model>', 'depth estimator: heuristic (motion parallax + ground prior, no model file), a model of `stereo-spot models list` by name (e.g. da-v2-small, fetched first with `stereo-spot models fetch`), onnx (a Depth Anything V2 / MiDaS style model file of your own, see --model), passthrough (no conversion)').choices([...DEPTH_MODELS]).default(DEFAULT_DEPTH_MODEL))
  .option('--model <path>', 'an ONNX relative-depth model file of your own for --depth onnx (default: $STEREO_DEPTH_MODEL); catalogue models go by name instead: --depth da-v2-small')
  .option('--divergence <percent>', 'maximum disparity between the two views, in % of the frame width (default 2.0)', Number)
  .option('--convergence <0..1>', 'which depth sits on the screen plane: 0 farthest … 1 nearest; nearer pops out (default 0.5)', Number)
  .addOption(new Option('--codec <codec>', 'video encoder').choices([...VIDEO_CODECS]).default('x264'))
  .option('--crf <n>', 'encoder quality, 0 (lossless) … 51; lower is better and bigger (default 18)', Number)
  .addOption(new Option('--preset <preset>', 'encoder speed/size trade-off (default veryfast)').choices([...ENCODER_PRESETS]))
  .addOption(new Option('--container <container>', 'mp4 (plays everywhere) or mkv (keeps every audio and subtitle codec, Matroska StereoMode)').choices([...CONTAINERS]).default(DEFAULT_CONTAINER))
  .option('--preview <seconds>', 'convert only this many seconds (up to 60) from the middle of the video, to judge the strength and screen plane first; written as <name>-preview_<tag>.<container>', positiveNumber)
  .option('--segment-seconds <n>', 'target segment length in seconds (cuts fall on keyframes)', positiveNumber)
  .option('--workers <n>', 'segments converted in parallel', positiveInteger, 2)
  .option('--data-dir <dir>', 'where jobs, queues and objects live; run the same command again to resume an interrupted job', DEFAULT_DATA_DIR)
  .option('--grace-seconds <n>', 'on Ctrl-C or SIGTERM, how long the segments in hand may take to finish (a second Ctrl-C stops them at once)', positiveNumber, 30)
  .addHelpText(
    'after',
    `
Logs (JSON lines) go to <data-dir>/logs/stereo-spot.log. Progress goes to stderr; the output path to stdout.
Exit status: 0 done, 1 conversion failed (the reason is printed), 2 bad usage, 130 interrupted (run the same
command again to resume).

Example:
  stereo-spot convert holiday.mp4 -o holiday-3d.mp4 --format sbs-half
  stereo-spot convert clip.mp4 --format anaglyph --divergence 2.5 --convergence 0.6
  stereo-spot convert film.mkv --preview 10 --divergence 3   (10 s from the middle, to judge first)
  stereo-spot convert clip.mp4 --depth da-v2-small   (after \`stereo-spot models fetch da-v2-small\`)`,
  )
  .action(async (input: string, opts: ConvertFlags) => {
    const logger = createLogger({ name: 'stereo-spot', destination: fileLogDestination(join(opts.dataDir, 'logs', 'stereo-spot.log')) });
    const stops = listenForStop();
    announceStops({ stops, graceSeconds: opts.graceSeconds, what: 'the segments in hand' });
    try {
      const config = readWorkerConfig();
      const started = Date.now();
      const result = await convert({
        options: {
          input,
          output: opts.output,
          request: {
            format: opts.format,
            depth: opts.depth,
            divergence: opts.divergence,
            convergence: opts.convergence,
            segment_seconds: opts.segmentSeconds,
            codec: opts.codec,
            crf: opts.crf,
            preset: opts.preset,
            container: opts.container,
            preview_seconds: opts.preview,
          },
          workers: opts.workers,
          dataDir: opts.dataDir,
          graceMs: opts.graceSeconds * 1000,
        },
        config: opts.model === undefined ? config : { ...config, depthModelPath: opts.model },
        logger,
        reporter: new ProgressReporter(),
        signal: stops.graceful,
        stopNow: stops.now,
      });
      process.stderr.write(`done: ${result.job.total_segments ?? 0} segments in ${((Date.now() - started) / 1000).toFixed(1)} s${result.resumed ? ' (resumed)' : ''}\n`);
      process.stdout.write(`${result.outputPath}\n`);
    } catch (error) {
      if (!stops.graceful.aborted) fail(error);
      const done = stops.now.aborted ? 'stopped; the segments in hand were cut short' : 'stopped after the segments in hand';
      process.stderr.write(`stereo-spot: ${done}; run the same command again to resume\n`);
      process.exit(INTERRUPTED);
    }
  });

program
  .command('worker')
  .description('run long-lived workers until SIGTERM (chunking, reassembly, video, or all), on the embedded backend or on AWS')
  .addArgument(program.createArgument('<role>', 'which worker loops to run').choices([...WORKER_ROLES]))
  .option('--data-dir <dir>', 'the embedded backend to work on (and scratch space on AWS)', DEFAULT_DATA_DIR)
  .option('--concurrency <n>', 'video segments converted at once', positiveInteger, 1)
  .option('--grace-seconds <n>', 'on SIGTERM or Ctrl-C, how long the messages in hand may take before they are released (a second Ctrl-C releases them at once)', positiveNumber, 30)
  .option('--metrics-port <port>', `/metrics, /healthz and /readyz on this port, 0 = off (default: METRICS_PORT, else ${DEFAULT_METRICS_PORT} when free; host: METRICS_HOST, else localhost)`, portNumber)
  .addHelpText(
    'after',
    `
Backend: STORAGE_ADAPTER=local (default: the embedded backend in --data-dir) or aws, which needs
INPUT_BUCKET_NAME, OUTPUT_BUCKET_NAME, JOBS_TABLE_NAME, SEGMENT_COMPLETIONS_TABLE_NAME,
REASSEMBLY_TRIGGERED_TABLE_NAME, CHUNKING_QUEUE_URL, VIDEO_WORKER_QUEUE_URL, REASSEMBLY_QUEUE_URL
and optionally AWS_REGION, AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_DYNAMODB/_SQS/_S3) for emulators.`,
  )
  .action(async (role: WorkerRole, opts: { dataDir: string; concurrency: number; graceSeconds: number; metricsPort?: number }) => {
    const stops = listenForStop();
    announceStops({ stops, graceSeconds: opts.graceSeconds, what: 'the messages in hand' });
    try {
      await runWorker({
        role,
        dataDir: opts.dataDir,
        concurrency: opts.concurrency,
        graceMs: opts.graceSeconds * 1000,
        metricsPort: opts.metricsPort,
        config: readWorkerConfig(),
        logger: createLogger({ name: `stereo-spot-worker-${role}` }),
        stopSignal: stops.graceful,
        stopNow: stops.now,
      });
      if (stops.now.aborted) process.exitCode = INTERRUPTED;
    } catch (error) {
      fail(error);
    }
  });

program
  .command('serve')
  .description('the web UI with embedded workers (embedded backend); with STORAGE_ADAPTER=aws the web UI alone')
  .option('--port <n>', 'port to listen on', portNumber, 8080)
  .option('--host <host>', 'interface to listen on (0.0.0.0 for every interface)', 'localhost')
  .option('--data-dir <dir>', 'where jobs, queues and objects live (embedded backend)', DEFAULT_DATA_DIR)
  .option('--workers <n>', 'video segments converted in parallel (embedded backend)', positiveInteger, 2)
  .option('--public-url <url>', 'the URL people reach this server at, for signed storage links (default $STEREO_SPOT_PUBLIC_URL, else http://localhost:PORT)')
  .option('--grace-seconds <n>', 'on SIGTERM or Ctrl-C, how long requests and messages in hand may take (a second Ctrl-C stops them at once)', positiveNumber, 30)
  .addHelpText(
    'after',
    `
Environment: STEREO_SPOT_MAX_UPLOAD_BYTES (default 20 GiB), STEREO_SPOT_BASIC_AUTH=user:password,
STEREO_SPOT_TRUSTED_PROXY_HEADER=X-Forwarded-User (requests without it are refused), STEREO_SPOT_CSRF_SECRET,
STORAGE_ADAPTER=aws (then the AWS variables of \`stereo-spot worker --help\`; no workers run here).`,
  )
  .action(async (opts: { port: number; host: string; dataDir: string; workers: number; publicUrl?: string; graceSeconds: number }) => {
    const stops = listenForStop();
    announceStops({ stops, graceSeconds: opts.graceSeconds, what: 'requests and segments in hand' });
    const { logger, logFile } = serveLogger({ dataDir: opts.dataDir, embedded: process.env.STORAGE_ADAPTER !== 'aws' });
    try {
      await serve({
        options: {
          port: opts.port,
          host: opts.host,
          dataDir: opts.dataDir,
          workers: opts.workers,
          graceMs: opts.graceSeconds * 1000,
          ...((opts.publicUrl ?? process.env.STEREO_SPOT_PUBLIC_URL) ? { publicUrl: opts.publicUrl ?? process.env.STEREO_SPOT_PUBLIC_URL } : {}),
        },
        config: readWorkerConfig(),
        logger,
        stopSignal: stops.graceful,
        stopNow: stops.now,
        onListening: (url) => process.stderr.write(`stereo-spot: serving on ${url} (${process.env.STORAGE_ADAPTER === 'aws' ? 'AWS backend' : `data in ${opts.dataDir}`}); ${logFile ? `log in ${logFile}; ` : ''}Ctrl-C stops\n`),
      });
      if (stops.now.aborted) process.exitCode = INTERRUPTED;
    } catch (error) {
      fail(error);
    }
  });

// Operator commands: jobs list|show|retry|cancel, recover-chunking.
addOperatorCommands({ program, fail, defaultDataDir: DEFAULT_DATA_DIR, positiveInteger });

// Operator commands: dlq list|show|replay|purge.
addDlqCommands({ program, fail, defaultDataDir: DEFAULT_DATA_DIR, positiveInteger });

// Depth models: models list|fetch|verify|remove|path.
addModelCommands({ program, fail });

await program.parseAsync(process.argv);
