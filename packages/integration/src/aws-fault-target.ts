import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { awsConfigToEnv, openAwsBackend, type AwsConfig } from '@stereo-spot/aws-adapters';
import { startMediaWorker } from '@stereo-spot/media-worker';
import { createStreamHandler } from '@stereo-spot/reassembly-trigger';
import { buildFinalKey, parseSegmentKey, segmentPrefix, silentLogger } from '@stereo-spot/shared-types';
import { FAULT_MAX_RECEIVES, faultWorkerSettings, strikeNowAndThen, waitForConversions, type FaultDisturbance, type FaultTarget } from '@stereo-spot/test-kit';
import { startCli } from '../../cli/test/integration/run-cli.ts';
import type { AwsEmulators } from './aws-emulators.js';
import { startAwsPipeline, type AwsPipeline } from './aws-pipeline.js';
import { PROXIED_SERVICES, startFaultProxy, type FaultProxy, type HeldRequest } from './fault-proxy.js';

/** Short, so that a killed worker's message comes back soon; the heartbeat renews it every third of this. */
const VISIBILITY_TIMEOUT_SEC = 10;

/**
 * Both proxies refuse 50–90 % of requests for 2–6 s at a time, as a service shedding load would: enough that some
 * calls fail all of the SDK's attempts and the queue loop's own retries are needed.
 */
function throttling({ proxies, windows }: { proxies: FaultProxy[]; windows: number }): FaultDisturbance {
  return {
    async run({ signal, random }) {
      const throttled = await strikeNowAndThen({
        times: windows,
        signal,
        random,
        strike: async () => {
          const share = 0.5 + random() * 0.4;
          for (const proxy of proxies) proxy.throttle(share);
          await sleep(2000 + random() * 4000);
          for (const proxy of proxies) proxy.calm();
        },
      });
      const refused = Object.fromEntries(PROXIED_SERVICES.map((service) => [`throttled ${service} requests`, proxies.reduce((sum, proxy) => sum + proxy.stats.throttled[service], 0)]));
      return { 'throttle windows': throttled, ...refused, 'requests through the proxies': proxies.reduce((sum, proxy) => sum + proxy.stats.requests, 0) };
    },
  };
}

/** Every stream record delivered so far, delivered again to the trigger handler every few seconds (a retried batch). */
function streamReplays({ pipeline }: { pipeline: AwsPipeline }): FaultDisturbance {
  const handler = createStreamHandler({ backend: pipeline.backend, logger: silentLogger() });
  return {
    async run({ signal, random }) {
      let records = 0;
      const replays = await strikeNowAndThen({
        times: Number.POSITIVE_INFINITY,
        signal,
        random,
        strike: async () => {
          const delivered = [...pipeline.lambda.delivered];
          if (delivered.length === 0) return;
          await handler({ Records: delivered });
          records += delivered.length;
        },
      });
      return { 'stream batches replayed': replays, 'stream records replayed': records };
    },
  };
}

/**
 * Holds every `chunking_complete` write of a job (a DynamoDB UpdateItem, as it goes over the wire) until all its
 * segments are converted, up to `waitMs`: a chunking worker whose last write is slow, so the segments finish first
 * (the race the trigger must handle). Counts the jobs it made race.
 */
function holdChunkingComplete({ backend, waitMs }: { backend: AwsPipeline['backend']; waitMs: number }): { hold: (request: HeldRequest) => Promise<void>; raced: () => ReadonlySet<string> } {
  const raced = new Set<string>();
  return {
    raced: () => raced,
    async hold({ operation, body }) {
      if (operation !== 'UpdateItem') return;
      const update = JSON.parse(body.toString()) as { Key?: { job_id?: { S?: string } }; ExpressionAttributeValues?: Record<string, { S?: string }> };
      const jobId = update.Key?.job_id?.S;
      if (!jobId || update.ExpressionAttributeValues?.[':to']?.S !== 'chunking_complete') return;
      // Every segment is stored before chunking_complete is written; their keys carry the total.
      const [first] = await backend.storage.list({ bucket: 'input', prefix: segmentPrefix(jobId) });
      if (!first) return;
      const { totalSegments: total } = parseSegmentKey(first.key);
      if (!(await waitForConversions({ completions: backend.completions, jobId, total, waitMs }))) return;
      if ((await backend.jobs.get(jobId))?.status === 'chunking_in_progress') raced.add(jobId);
    },
  };
}

/**
 * The AWS backend on the emulators for a fault run: a stack with every S3 notification sent twice, the trigger
 * Lambda fed by the stream (and its records replayed), and `stereo-spot worker all` processes on
 * `STORAGE_ADAPTER=aws` that reach DynamoDB, SQS and S3 through fault proxies which throttle for a while,
 * `storageWindows` times, and hold their `chunking_complete` writes until the job's segments are converted.
 */
export async function startAwsFaultTarget({ emulators, dir, storageWindows }: { emulators: AwsEmulators; dir: string; storageWindows: number }): Promise<FaultTarget> {
  const { args, env: workerEnv, tuning } = faultWorkerSettings({ visibilityTimeoutSec: VISIBILITY_TIMEOUT_SEC });
  const pipeline = await startAwsPipeline({ emulators, startWorkers: false, duplicateEvents: true, maxReceiveCount: FAULT_MAX_RECEIVES, tuning });
  const chunkingComplete = holdChunkingComplete({ backend: pipeline.backend, waitMs: 30_000 });
  const dynamoProxy = await startFaultProxy({ upstream: emulators.dynamoEndpoint, hold: chunkingComplete.hold });
  const sqsS3Proxy = await startFaultProxy({ upstream: emulators.sqsS3Endpoint });
  const config: AwsConfig = { ...pipeline.stack.config, endpoints: { dynamodb: dynamoProxy.endpoint, sqs: sqsS3Proxy.endpoint, s3: sqsS3Proxy.endpoint } };
  const proxied = await openAwsBackend({ config });
  const env = { ...awsConfigToEnv(config), ...workerEnv };
  let started = 0;
  return {
    name: 'aws',
    backend: pipeline.backend,
    chunkerBackend: proxied,
    startWorker: () => startCli(args(join(dir, `worker-${started++}`)), env),
    startChunker: (ports) => startMediaWorker({ backend: ports, logger: silentLogger(), workDir: join(dir, 'chunker'), roles: ['chunking'], defaultSegmentSeconds: 1, tuning }),
    disturbances: [throttling({ proxies: [dynamoProxy, sqsS3Proxy], windows: storageWindows }), streamReplays({ pipeline })],
    racedJobs: chunkingComplete.raced,
    finalWrites: (jobId) => pipeline.stack.uploads.filter((upload) => upload.bucket === 'output' && upload.key === buildFinalKey({ jobId: jobId })).length,
    async close() {
      await proxied.close();
      await Promise.all([dynamoProxy.stop(), sqsS3Proxy.stop()]);
      await pipeline.stop();
    },
  };
}
