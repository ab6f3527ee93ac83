import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/stereo-spot.js', import.meta.url));

/**
 * Short retry timings so retries happen within a test's time. The visibility timeout stays generous: on a loaded
 * machine a short one lets a second worker take a message whose heartbeat was late (recovery after kill -9 does
 * not wait for it: the next start releases a dead process's messages at once).
 */
export const FAST_ENV = {
  STEREO_SPOT_VISIBILITY_TIMEOUT_SEC: '30',
  STEREO_SPOT_RETRY_BASE_SEC: '0.2',
  STEREO_SPOT_POLL_WAIT_SEC: '1',
  LOG_LEVEL: 'debug',
};

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  result: Promise<CliResult>;
  /** What it has printed so far. */
  output(): { stdout: string; stderr: string };
}

/** `detached`: the CLI leads a process group of its own, as a shell's foreground job does (a terminal's Ctrl-C goes to the group). */
export function startCli(args: string[], env: Record<string, string> = {}, { detached = false }: { detached?: boolean } = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...FAST_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, result, output: () => ({ stdout, stderr }) };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).result;
}
