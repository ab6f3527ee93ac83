import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { awsConfigToEnv } from '@stereo-spot/aws-adapters';
import { startMediaWorker } from '@stereo-spot/media-worker';
import { buildFinalKey, silentLogger } from '@stereo-spot/shared-types';
import { inspectMedia, readWalkthrough, runWalkthrough } from '@stereo-spot/test-kit';
import { startVideoWorker } from '@stereo-spot/video-worker';
import type { AwsPipeline } from '../../src/index.ts';
import { startOperatorStack, type OperatorStack } from './operator-stack.ts';
import { runChunking, submitJob, waitFor, waitForStatus } from '../../../cli/test/integration/operator-scenarios.ts';

// The manual AWS steps of docs/RUNBOOKS.md, run as written with the AWS CLI, jq and ffprobe against DynamoDB Local
// and the S3/SQS emulator, on a job put into the runbook's state by the real worker code.
const TOOLS = ['aws', 'jq', 'ffprobe'];
const missingTools = TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);

let stack: OperatorStack | undefined;
let pipeline: AwsPipeline;
let dir: string;
let clip: string;
before(async () => {
  if (missingTools.length > 0) return;
  stack = await startOperatorStack({ name: 'aws-runbooks', clipSeconds: 3 });
  ({ pipeline, dir, clip } = stack);
});
after(() => stack?.stop());

/**
 * A folder with an `aws` that passes the SQS endpoint on the command line: AWS CLI v1 sends SQS calls to its own
 * host names unless `--endpoint-url` is given, whatever AWS_ENDPOINT_URL_SQS says (on AWS itself no wrapper is
 * needed). Every other call goes to the real CLI unchanged.
 */
async function awsCliWrapper(): Promise<string> {
  const folder = join(dir, 'aws-wrapper');
  await mkdir(folder, { recursive: true });
  const real = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim();
  const wrapper = join(folder, 'aws');
  await writeFile(wrapper, `#!/bin/sh\nif [ "$1" = sqs ]; then exec "${real}" --endpoint-url "$AWS_ENDPOINT_URL_SQS" "$@"; fi\nexec "${real}" "$@"\n`);
  await chmod(wrapper, 0o755);
  return folder;
}

/** The AWS CLI pointed at the emulators, with nothing from the user's own AWS configuration. */
async function awsCliEnv(): Promise<Record<string, string>> {
  const config = join(dir, 'aws-config');
  // The emulator serves buckets by path, not by host name.
  await writeFile(config, '[default]\ns3 =\n  addressing_style = path\n');
  const env = awsConfigToEnv(pipeline.backend.config);
  return {
    ...env,
    AWS_DEFAULT_REGION: env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_PAGER: '',
  };
}

test('[aws] runbook 1 by hand: segments checked, source probed, one conditional update, the trigger; the job completes', async () => {
  // A failure, not a skip: the AWS suites need these as they need the emulators (scripts/setup.sh installs them).
  assert.deepEqual(missingTools, [], `needs ${missingTools.join(', ')} on the PATH (scripts/setup.sh installs them)`);
  const { backend } = pipeline;
  const job = await submitJob({ backend, sourcePath: clip });
  await runChunking({ backend, job, workDir: dir, dieBeforeMarking: true });
  // Every segment converted first: the by-hand trigger step is the one that sends the reassembly message.
  const tuning = { visibilityTimeoutSec: 20, waitSeconds: 1, retryBaseSec: 0.2 };
  const video = startVideoWorker({ backend, logger: silentLogger(), workDir: join(dir, 'video'), concurrency: 2, tuning });
  try {
    await waitFor({ what: '3 segments converted', check: async () => (await backend.completions.countByJob(job.job_id)) >= 3 });
  } finally {
    await video.stop({ graceMs: 1000 });
  }
  assert.equal((await backend.jobs.get(job.job_id))?.status, 'chunking_in_progress');

  const work = await mkdtemp(join(dir, 'operator-'));
  const { code, transcript } = await runWalkthrough({ script: await readWalkthrough('recover-chunking-by-hand'), cwd: work, env: { ...(await awsCliEnv()), JOB_ID: job.job_id }, pathFirst: [await awsCliWrapper()] });
  assert.equal(code, 0, transcript);
  const recovered = await backend.jobs.get(job.job_id);
  assert.equal(recovered?.status, 'chunking_complete');
  assert.equal(recovered?.total_segments, 3);
  assert.equal(recovered?.source?.frame_count, 75);
  assert.deepEqual(recovered?.source?.audio_streams.map((s) => s.codec), ['aac']);
  assert.ok(await backend.lock.get(job.job_id), 'the by-hand trigger created the ReassemblyTriggered record');

  const media = startMediaWorker({ backend, logger: silentLogger(), workDir: join(dir, 'media'), roles: ['reassembly'], tuning });
  try {
    await waitForStatus({ backend, jobId: job.job_id, status: 'completed' });
  } finally {
    await media.stop({ graceMs: 1000 });
  }
  const final = join(dir, 'final.mp4');
  await backend.storage.getToFile({ bucket: 'output', key: buildFinalKey({ jobId: job.job_id }), path: final });
  const result = await inspectMedia(final);
  assert.equal(result.videoFrames, 75);
  assert.equal(result.audioStreams.length, 1);
});
