import assert from 'node:assert/strict';
import { startCli } from './run-cli.ts';

/** `stereo-spot worker all` for the time of `work`, then SIGTERM: it must stop cleanly (exit 0). */
export async function withCliWorker<T>({ dataDir, env }: { dataDir: string; env: Record<string, string> }, work: () => Promise<T>): Promise<T> {
  const worker = startCli(['worker', 'all', '--data-dir', dataDir, '--grace-seconds', '5'], env);
  try {
    return await work();
  } finally {
    worker.child.kill('SIGTERM');
    const result = await worker.result;
    assert.equal(result.code, 0, result.stderr);
  }
}
