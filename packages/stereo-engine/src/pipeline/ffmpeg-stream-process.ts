import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { FfmpegError, ffmpegPath, spawnInOwnGroup } from '@stereo-spot/ffmpeg';
// Not re-exported by @stereo-spot/ffmpeg's index (yet): reused from source rather than copied.
import { StderrCollector } from '@stereo-spot/ffmpeg';

export interface FfmpegStreamProcess {
  readonly child: ChildProcess;
  /** Present when spawned with `stdin: true`. */
  readonly stdin: Writable | null;
  /** Present when spawned with `stdout: true`. */
  readonly stdout: Readable | null;
  /**
   * Settles once the process is gone and its pipes are closed; never rejects. `undefined` after exit code 0, else
   * the failure: an `FfmpegError` (first meaningful stderr line, stderr tail) or the spawn error.
   */
  readonly exited: Promise<Error | undefined>;
  readonly hasExited: () => boolean;
  /** SIGKILL: for aborts and consumers that stop early (ffmpeg has nothing to flush that we still want). */
  kill(): void;
}

/**
 * Starts ffmpeg with its stdin and/or stdout as streams, for data that must flow while it runs (the runFfmpeg
 * helper waits for the end). stderr is read line by line: `filterStderrLine` may take lines for itself (return
 * undefined) or rewrite them; the rest is summarised for the error message.
 */
export function spawnFfmpegStream(options: {
  args: string[];
  stdin?: boolean;
  stdout?: boolean;
  filterStderrLine?: (line: string) => string | undefined;
}): FfmpegStreamProcess {
  const { args, filterStderrLine } = options;
  const bin = ffmpegPath();
  // Its own process group: a terminal's Ctrl-C must not kill it while the segment it encodes has a grace period.
  const child = spawnInOwnGroup({ bin, args, stdio: [options.stdin ? 'pipe' : 'ignore', options.stdout ? 'pipe' : 'ignore', 'pipe'] });
  const stderr = new StderrCollector();
  let pending = '';
  let exited = false;

  const takeLines = (text: string): void => {
    const lines = (pending + text).split(/\r?\n|\r/);
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const kept = filterStderrLine ? filterStderrLine(line) : line;
      if (kept !== undefined) stderr.push(`${kept}\n`);
    }
  };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', takeLines);
  // A write after ffmpeg died fails with EPIPE: the exit code and stderr explain it better, so that wins.
  child.stdin?.on('error', () => {});

  const done = new Promise<Error | undefined>((resolve) => {
    child.on('error', (error) => {
      if (child.pid === undefined) {
        exited = true;
        resolve(new Error(`cannot run ffmpeg (${bin}): ${error.message}; set FFMPEG_PATH`, { cause: error }));
      }
    });
    child.on('close', (code, signal) => {
      exited = true;
      if (pending) takeLines('\n');
      if (code === 0) return resolve(undefined);
      const message = stderr.firstMeaningfulLine(args) ?? (code === null ? `ffmpeg was killed by ${signal}` : `ffmpeg exited with code ${code}`);
      resolve(new FfmpegError({ tool: 'ffmpeg', exitCode: code, message, stderrTail: stderr.tail }));
    });
  });

  return {
    child,
    stdin: child.stdin,
    stdout: child.stdout,
    exited: done,
    hasExited: () => exited,
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
  };
}
