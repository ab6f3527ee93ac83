import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { findVideoStream, probeMedia } from '@stereo-spot/ffmpeg';

/**
 * Writes a concat-demuxer list of the segments with each one's video duration stated. Left to itself the
 * demuxer places a file after the previous one's container duration, which counts a leading edit (B-frame
 * delay) twice and leaves a gap of a few frames at the join; the video stream's own duration does not.
 */
export async function writeConcatList(options: { segmentPaths: string[]; listPath: string; signal?: AbortSignal }): Promise<void> {
  const lines: string[] = [];
  for (const segmentPath of options.segmentPaths) {
    const path = resolve(segmentPath);
    const probe = await probeMedia({ path, signal: options.signal });
    const video = findVideoStream(probe);
    if (!video) throw new Error(`segment ${path} has no video stream`);
    const duration = video.duration ?? probe.duration;
    lines.push(`file ${quoteConcatPath(path)}`);
    if (duration !== undefined && duration > 0) lines.push(`duration ${duration.toFixed(6)}`);
  }
  await writeFile(options.listPath, `ffconcat version 1.0\n${lines.join('\n')}\n`);
}

/** Single-quoted as the concat demuxer reads it: a quote inside becomes '\'' (close, escaped quote, reopen). */
export function quoteConcatPath(path: string): string {
  if (/[\r\n]/.test(path)) throw new Error(`a concat list cannot name a path with a line break: ${JSON.stringify(path)}`);
  return `'${path.replaceAll("'", "'\\''")}'`;
}
