import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { awsConfigToEnv } from '@stereo-spot/aws-adapters';
import { freePort } from '@stereo-spot/test-kit';
import { startCli } from '../../../cli/test/integration/run-cli.ts';
import { untilRunning, WAITING_TO_START } from '../../../cli/test/integration/until-running.ts';
import { startFaultProxy } from '../../src/index.ts';
import { startOperatorStack } from './operator-stack.ts';

test('stereo-spot worker on AWS whose start-up calls are all throttled (past the SDK retries): waits live but not ready, then starts once SQS answers', async (t) => {
  const stack = await startOperatorStack({ name: 'aws-start-wait', clipSeconds: 1 });
  t.after(() => stack.stop());
  const { config } = stack.pipeline.backend;
  const proxy = await startFaultProxy({ upstream: config.endpoints.sqs ?? assert.fail('the stack has an SQS endpoint') });
  t.after(() => proxy.stop());
  proxy.throttle(1);

  const port = await freePort();
  const env = { ...awsConfigToEnv({ ...config, endpoints: { ...config.endpoints, sqs: proxy.endpoint } }), METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' };
  const worker = startCli(['worker', 'chunking', '--data-dir', join(stack.dir, 'worker')], env);
  t.after(() => void worker.child.kill('SIGKILL'));
  const status = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) })).status;

  await untilRunning({ what: 'the worker waiting', check: () => worker.output().stdout.includes(WAITING_TO_START), cli: worker, deadline: Date.now() + 60_000 });
  assert.equal(await status('/healthz'), 200, 'live while it waits');
  assert.equal(await status('/readyz'), 503, 'not ready while it waits');
  assert.ok(proxy.stats.throttled.sqs > 0);

  proxy.calm();
  const deadline = Date.now() + 60_000;
  await untilRunning({ what: 'the start', check: () => worker.output().stdout.includes('"workers started"'), cli: worker, deadline });
  await untilRunning({ what: 'a receive answered', check: async () => (await status('/readyz')) === 200, cli: worker, deadline });

  worker.child.kill('SIGTERM');
  const result = await worker.result;
  assert.equal(result.code, 0, result.stderr);
});
