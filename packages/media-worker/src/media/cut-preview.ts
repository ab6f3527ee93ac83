import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runFfmpeg } from '@stereo-spot/ffmpeg';
import { MAX_PREVIEW_SECONDS, UsageError } from '@stereo-spot/shared-types';
import { probeSource } from './probe-source.js';

/**
 * A short piece from the middle of a video (where the film is, not its titles), for judging the 3D strength
 * before converting the whole: `seconds` long, with its sound. The video is re-encoded near-losslessly so the
 * piece starts exactly where asked, not at the keyframe before. A video shorter than `seconds` is taken whole.
 */
export async function cutPreview({ sourcePath, seconds, outPath, signal }: { sourcePath: string; seconds: number; outPath: string; signal?: AbortSignal }): Promise<{ startSec: number; seconds: number }> {
  if (!(seconds > 0 && seconds <= MAX_PREVIEW_SECONDS)) throw new UsageError(`a preview is 0 to ${MAX_PREVIEW_SECONDS} seconds long, got ${seconds}`);
  const { facts } = await probeSource({ path: sourcePath, ...(signal ? { signal } : {}) });
  const length = Math.min(seconds, facts.duration_sec);
  const startSec = Math.max(0, (facts.duration_sec - length) / 2);
  const out = resolve(outPath);
  try {
    await runFfmpeg({
      // Audio is re-encoded too: copied after an input seek, it kept the source's times and the piece ran on
      // past its end. Subtitles say nothing about depth and are left out.
      args: ['-y', '-ss', startSec.toFixed(3), '-i', resolve(sourcePath), '-t', length.toFixed(3), '-map', '0:v:0', '-map', '0:a?', '-c:v', 'libx264', '-crf', '12', '-preset', 'veryfast', '-c:a', 'aac', '-b:a', '192k', '-f', 'matroska', out],
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    await rm(out, { force: true });
    throw error;
  }
  return { startSec, seconds: length };
}
