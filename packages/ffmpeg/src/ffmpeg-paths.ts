/** The binaries to run; `FFMPEG_PATH` / `FFPROBE_PATH` override the ones found in PATH. */
export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH || 'ffmpeg';
}

export function ffprobePath(): string {
  return process.env.FFPROBE_PATH || 'ffprobe';
}
