import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runFfmpeg } from '@stereo-spot/ffmpeg';

/**
 * Mean PSNR (dB over all planes) of `outputPath` against `sourcePath`, frame by frame in decoding order (each
 * file's timestamps are ignored), both compared in `pixFmt` (gbrp for an RGB source, so the output's own matrix
 * is used to read it back). Infinite frames (identical) count as 100 dB.
 */
export async function meanPsnr({ sourcePath, outputPath, workDir, pixFmt = 'yuv420p' }: { sourcePath: string; outputPath: string; workDir: string; pixFmt?: string }): Promise<number> {
  const statsName = `psnr-${Date.now()}.log`;
  const prepare = `settb=1/25,setpts=N,format=${pixFmt}`;
  await runFfmpeg({
    args: ['-i', resolve(outputPath), '-i', resolve(sourcePath), '-lavfi', `[0:v]${prepare}[a];[1:v]${prepare}[b];[a][b]psnr=stats_file=${statsName}`, '-f', 'null', '-'],
    cwd: workDir, // a bare file name: no filtergraph escaping of the path
  });
  const values = (await readFile(join(workDir, statsName), 'utf8'))
    .split('\n')
    .map((line) => /psnr_avg:(\S+)/.exec(line)?.[1])
    .filter((value): value is string => value !== undefined)
    .map((value) => (value === 'inf' ? 100 : Number(value)));
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
