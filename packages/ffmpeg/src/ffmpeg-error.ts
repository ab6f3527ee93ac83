/** ffmpeg or ffprobe ran and failed. The message is the first meaningful line it wrote to stderr. */
export class FfmpegError extends Error {
  readonly tool: string;
  /** null when the process was ended by a signal. */
  readonly exitCode: number | null;
  /** The last few KB of stderr, for logs. */
  readonly stderrTail: string;

  constructor(options: { tool: string; exitCode: number | null; message: string; stderrTail: string }) {
    super(options.message);
    this.name = 'FfmpegError';
    this.tool = options.tool;
    this.exitCode = options.exitCode;
    this.stderrTail = options.stderrTail;
  }
}
