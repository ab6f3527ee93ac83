import { ffmpegPath, ffprobePath } from './ffmpeg-paths.js';
import { spawnTool } from './spawn-tool.js';

/** -show_streams/-show_format output is a few KB; anything near this is a misuse (e.g. -show_packets). */
const MAX_PROBE_JSON_BYTES = 32 * 1024 * 1024;

/**
 * Runs ffmpeg quietly (`-hide_banner -nostdin -v error`, then `args`). Resolves on exit code 0; rejects with
 * `FfmpegError` otherwise, or with an AbortError (after killing ffmpeg) when `signal` aborts.
 */
export async function runFfmpeg(options: { args: string[]; signal?: AbortSignal; cwd?: string }): Promise<void> {
  await spawnTool({
    tool: 'ffmpeg',
    bin: ffmpegPath(),
    args: ['-hide_banner', '-nostdin', '-v', 'error', ...options.args],
    signal: options.signal,
    cwd: options.cwd,
  });
}

/** Runs ffprobe with JSON output (`-v error -of json`, then `args`) and returns the parsed document. */
export async function runFfprobeJson(options: { args: string[]; signal?: AbortSignal }): Promise<unknown> {
  const { stdout } = await spawnTool({
    tool: 'ffprobe',
    bin: ffprobePath(),
    args: ['-hide_banner', '-v', 'error', '-of', 'json', ...options.args],
    signal: options.signal,
    maxStdoutBytes: MAX_PROBE_JSON_BYTES,
  });
  const text = stdout.toString('utf8');
  try {
    return JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (error) {
    throw new Error(`ffprobe printed output that is not JSON: ${text.slice(0, 200)}`, { cause: error });
  }
}
