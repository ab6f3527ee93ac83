import { join } from 'node:path';

/**
 * ffmpeg output arguments that cut the one mapped video stream into `00000.mp4`, `00001.mp4`… in `outDir`, at the
 * first keyframe at or after every `segmentSeconds`, each segment's timestamps starting at 0.
 */
export function segmentOutputArgs({ segmentSeconds, outDir }: { segmentSeconds: number; outDir: string }): string[] {
  return [
    '-map_chapters', '-1', // MP4 would store chapters as an extra text track in every segment
    // The default shifts the first segment by the B-frame delay (its start_time becomes e.g. 0.08 s), and
    // the concat demuxer then leaves that much of a gap after it. Keep the timestamps as they are.
    '-avoid_negative_ts', 'disabled',
    '-f', 'segment',
    '-segment_time', String(segmentSeconds),
    '-reset_timestamps', '1',
    '-segment_format', 'mp4',
    join(outDir.replaceAll('%', '%%'), '%05d.mp4'),
  ];
}
