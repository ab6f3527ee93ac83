import { parseSegmentKey, type OutputFormat, type SegmentKey } from '@stereo-spot/shared-types';

export type SegmentSetCheck =
  | { complete: true; totalSegments: number; mode: OutputFormat; segments: Array<SegmentKey & { key: string }> }
  | { complete: false; problems: string[] };

/** Lists at most this many indexes in a message, then how many more. */
const SHOWN = 20;

function listed(indexes: number[]): string {
  const shown = indexes.slice(0, SHOWN).join(', ');
  return indexes.length > SHOWN ? `${shown} … (${indexes.length} in all)` : shown;
}

/**
 * Whether the objects under `segments/{job_id}/` are the whole output of one chunking run: every key a segment
 * key of this job, one total and one mode (the job's format) across them, each index 0..total-1 exactly once.
 * The chunking worker writes the segments before it marks the job, so a complete set is what it left behind.
 */
export function checkSegmentSet({ jobId, keys, format }: { jobId: string; keys: readonly string[]; format: OutputFormat }): SegmentSetCheck {
  const problems: string[] = [];
  const segments: Array<SegmentKey & { key: string }> = [];
  for (const key of keys) {
    try {
      const segment = parseSegmentKey(key);
      if (segment.jobId !== jobId) problems.push(`${key} belongs to job ${segment.jobId}`);
      else segments.push({ ...segment, key });
    } catch (error) {
      problems.push(`not a segment key: ${key} (${(error as Error).message})`);
    }
  }
  if (keys.length === 0) return { complete: false, problems: [`no segments under segments/${jobId}/`] };
  const totals = [...new Set(segments.map((s) => s.totalSegments))].sort((a, b) => a - b);
  const modes = [...new Set(segments.map((s) => s.mode))].sort();
  if (totals.length > 1) problems.push(`segments disagree on the total: ${totals.join(', ')}`);
  if (modes.length > 1) problems.push(`segments disagree on the mode: ${modes.join(', ')}`);
  const wrongMode = modes.filter((mode) => mode !== format);
  if (wrongMode.length > 0) problems.push(`segments of mode ${wrongMode.join(', ')} but the job's format is ${format}`);
  const total = totals.length === 1 ? totals[0] : undefined;
  if (total !== undefined) {
    const seen = new Map<number, number>();
    for (const segment of segments) seen.set(segment.segmentIndex, (seen.get(segment.segmentIndex) ?? 0) + 1);
    const missing = Array.from({ length: total }, (_, index) => index).filter((index) => !seen.has(index));
    const repeated = [...seen].filter(([, count]) => count > 1).map(([index]) => index).sort((a, b) => a - b);
    if (missing.length > 0) problems.push(`missing ${missing.length} of ${total} segments: index ${listed(missing)}`);
    if (repeated.length > 0) problems.push(`segments present more than once: index ${listed(repeated)}`);
  }
  const mode = modes[0];
  if (problems.length > 0 || total === undefined || mode === undefined) return { complete: false, problems };
  return { complete: true, totalSegments: total, mode, segments: [...segments].sort((a, b) => a.segmentIndex - b.segmentIndex) };
}
