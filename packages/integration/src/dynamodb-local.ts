import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { freePort } from '@stereo-spot/test-kit';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The DynamoDB Local jar ships inside this npm package (`emulator/`); it runs on the machine's Java 17+. */
function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}


export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/** Waits for the emulator to answer an HTTP request (any status: it is up once it speaks HTTP). */
async function waitUntilServing({ endpoint, child, output }: { endpoint: string; child: ChildProcess; output: () => string }): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode}: ${output()}`);
    try {
      await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await sleep(150);
    }
  }
  throw new Error(`DynamoDB Local did not answer within ${START_TIMEOUT_MS} ms: ${output()}`);
}

/**
 * Starts DynamoDB Local (in memory, with Streams and TTL) on a free loopback port. `stop()` kills it; so does
 * this process's exit, so a crashed test run leaves no Java process behind.
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const dir = emulatorDir();
  const port = await freePort();
  // DynamoDB Local writes a metadata file into its working directory: give it a scratch one.
  const workDir = await mkdtemp(join(tmpdir(), 'stereo-spot-dynamodb-'));
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const child = spawn(
    java,
    ['-Xms64m', '-Xmx512m', `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', join(dir, 'DynamoDBLocal.jar'), '-inMemory', '-sharedDb', '-disableTelemetry', '-port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: workDir },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const spawnError = new Promise<never>((_, reject) => child.once('error', (error) => reject(new Error(`cannot start Java for DynamoDB Local (Java 17+ is needed): ${error.message}`))));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntilServing({ endpoint, child, output: () => output }), spawnError]);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
