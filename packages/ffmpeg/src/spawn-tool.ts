import { abortError } from './abort-error.js';
import { FfmpegError } from './ffmpeg-error.js';
import { spawnInOwnGroup } from './spawn-in-own-group.js';
import { StderrCollector } from './stderr-collector.js';

export interface SpawnToolOptions {
  /** Name used in messages: `ffmpeg` or `ffprobe`. */
  tool: string;
  bin: string;
  args: string[];
  signal?: AbortSignal;
  cwd?: string;
  /** Collect stdout up to this many bytes (the call fails beyond it); stdout is discarded when absent. */
  maxStdoutBytes?: number;
}

/**
 * Runs one ffmpeg-family process to its end. stderr is summarised, never kept whole; an abort kills the child
 * with SIGKILL and the promise settles only once the process is gone, so callers can delete its files safely. The
 * child runs in its own process group: a terminal's Ctrl-C reaches Node only, which decides when it stops.
 */
export function spawnTool(options: SpawnToolOptions): Promise<{ stdout: Buffer }> {
  const { tool, bin, args, signal, cwd, maxStdoutBytes } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const collectStdout = maxStdoutBytes !== undefined;
    const child = spawnInOwnGroup({ bin, args, cwd, stdio: ['ignore', collectStdout ? 'pipe' : 'ignore', 'pipe'] });
    const stderr = new StderrCollector();
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stdoutOverflow = false;
    let aborted = false;
    let settled = false;

    const onAbort = (): void => {
      aborted = true;
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve({ stdout: Buffer.concat(stdoutChunks) });
    };

    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => stderr.push(chunk));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (maxStdoutBytes !== undefined && stdoutBytes > maxStdoutBytes) {
        stdoutOverflow = true;
        child.kill('SIGKILL');
        return;
      }
      stdoutChunks.push(chunk);
    });

    child.on('error', (error) => {
      // Spawning failed (binary missing, not executable): there is no process to wait for.
      if (child.pid === undefined) {
        settle(new Error(`cannot run ${tool} (${bin}): ${error.message}; set ${tool.toUpperCase()}_PATH`, { cause: error }));
      }
    });

    child.on('close', (code, killSignal) => {
      if (aborted && signal) return settle(abortError(signal));
      if (stdoutOverflow) return settle(new Error(`${tool} printed more than ${maxStdoutBytes} bytes`));
      if (code === 0) return settle(undefined);
      const reason = stderr.firstMeaningfulLine(args) ?? (code === null ? `${tool} was killed by ${killSignal}` : `${tool} exited with code ${code}`);
      settle(new FfmpegError({ tool, exitCode: code, message: reason, stderrTail: stderr.tail }));
    });
  });
}
