import { freePort } from '@stereo-spot/test-kit';
import { startCli, type RunningCli } from './run-cli.ts';


export interface ServeProcess {
  cli: RunningCli;
  base: string;
  /** SIGTERM, then the exit; fails the test if it takes longer than `withinMs`. */
  stop(withinMs?: number): Promise<{ code: number | null; stderr: string }>;
}

/** `stereo-spot serve` on 127.0.0.1 and a free port, resolved once it listens (or rejected with its stderr). */
export async function startServe({ dataDir, env = {}, args = [], detached = false }: { dataDir: string; env?: Record<string, string>; args?: string[]; detached?: boolean }): Promise<ServeProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const cli = startCli(['serve', '--port', String(port), '--host', '127.0.0.1', '--public-url', base, '--data-dir', dataDir, '--grace-seconds', '5', ...args], { LOG_LEVEL: 'info', ...env }, { detached });
  const deadline = Date.now() + 30_000;
  while (!cli.output().stderr.includes('serving on')) {
    if (cli.child.exitCode !== null || Date.now() > deadline) {
      cli.child.kill('SIGKILL');
      throw new Error(`serve did not start: ${cli.output().stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    cli,
    base,
    async stop(withinMs = 15_000) {
      if (cli.child.exitCode !== null) return { code: cli.child.exitCode, stderr: cli.output().stderr };
      cli.child.kill('SIGTERM');
      const timer = setTimeout(() => cli.child.kill('SIGKILL'), withinMs);
      const result = await cli.result;
      clearTimeout(timer);
      return { code: result.code, stderr: result.stderr };
    },
  };
}

/** Polls a job through the API until `done` says so. */
export async function waitForJob<T extends { status: string }>({ base, jobId, done, timeoutMs, intervalMs = 200 }: { base: string; jobId: string; done: (job: T) => boolean; timeoutMs: number; intervalMs?: number }): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await fetch(`${base}/api/jobs/${jobId}`)).json()) as T;
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
