import { CONTAINERS, DEFAULT_CONTAINER, type Container } from './containers.js';
import { parseOutputFormat, type OutputFormat } from './formats.js';
import { InvalidKeyError } from './errors.js';
import { isJobId } from './job.js';

/**
 * Every storage key of DESIGN.md is built and parsed here and nowhere else.
 * Parsers throw `InvalidKeyError` (permanent) on anything that is not exactly the documented shape.
 */

export const MAX_SEGMENTS = 99_999;
const UUID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

function assertJobId(jobId: string): void {
  if (!isJobId(jobId)) throw new InvalidKeyError(`not a job id: "${jobId}"`);
}

function assertSegmentPosition(index: number, total: number): void {
  if (!Number.isSafeInteger(total) || total < 1 || total > MAX_SEGMENTS) {
    throw new InvalidKeyError(`total_segments must be an integer in 1..${MAX_SEGMENTS}, got ${total}`);
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= total) {
    throw new InvalidKeyError(`segment_index must be an integer in 0..${total - 1}, got ${index}`);
  }
}

/** Whether `parse` accepts `key`: the predicate form of a parser, so a key's shape is written once. */
function parsesAs(parse: (key: string) => unknown, key: string): boolean {
  try {
    parse(key);
    return true;
  } catch (error) {
    if (error instanceof InvalidKeyError) return false;
    throw error;
  }
}

function matchKey(pattern: RegExp, key: string, what: string): RegExpExecArray {
  const match = pattern.exec(key);
  if (!match) throw new InvalidKeyError(`not a ${what} key: "${key}"`);
  const jobId = match[1] ?? '';
  if (!isJobId(jobId)) throw new InvalidKeyError(`not a ${what} key (bad job id): "${key}"`);
  return match;
}

// input/{job_id}/source.mp4 (input bucket)
const SOURCE_KEY = new RegExp(`^input/${UUID}/source\\.mp4$`);
export function buildSourceKey(jobId: string): string {
  assertJobId(jobId);
  return `input/${jobId}/source.mp4`;
}
export function parseSourceKey(key: string): { jobId: string } {
  return { jobId: matchKey(SOURCE_KEY, key, 'source')[1] ?? '' };
}

// input/{job_id}/streams.mkv (input bucket): the source's audio and subtitle streams, kept once for the final mux.
// Its suffix is not `.mp4`, so no notification rule fires for it.
const STREAMS_KEY = new RegExp(`^input/${UUID}/streams\\.mkv$`);
export function buildStreamsKey(jobId: string): string {
  assertJobId(jobId);
  return `input/${jobId}/streams.mkv`;
}
export function parseStreamsKey(key: string): { jobId: string } {
  return { jobId: matchKey(STREAMS_KEY, key, 'streams')[1] ?? '' };
}

// segments/{job_id}/{segment_index:05d}_{total_segments:05d}_{mode}.mp4 (input bucket)
export interface SegmentKey {
  jobId: string;
  segmentIndex: number;
  totalSegments: number;
  mode: OutputFormat;
}
const SEGMENT_KEY = new RegExp(`^segments/${UUID}/(\\d{5})_(\\d{5})_([a-z][a-z-]*)\\.mp4$`);
export function buildSegmentKey({ jobId, segmentIndex, totalSegments, mode }: SegmentKey): string {
  assertJobId(jobId);
  assertSegmentPosition(segmentIndex, totalSegments);
  const pad = (n: number) => String(n).padStart(5, '0');
  return `segments/${jobId}/${pad(segmentIndex)}_${pad(totalSegments)}_${mode}.mp4`;
}
export function parseSegmentKey(key: string): SegmentKey {
  const match = matchKey(SEGMENT_KEY, key, 'segment');
  const segmentIndex = Number(match[2]);
  const totalSegments = Number(match[3]);
  const mode = parseOutputFormat(match[4] ?? '');
  if (mode === undefined) throw new InvalidKeyError(`not a segment key (unknown mode "${match[4]}"): "${key}"`);
  try {
    assertSegmentPosition(segmentIndex, totalSegments);
  } catch (error) {
    throw new InvalidKeyError(`not a segment key (${(error as Error).message}): "${key}"`);
  }
  return { jobId: match[1] ?? '', segmentIndex, totalSegments, mode };
}
export function isSegmentKey(key: string): boolean {
  return parsesAs(parseSegmentKey, key);
}
export function segmentPrefix(jobId: string): string {
  assertJobId(jobId);
  return `segments/${jobId}/`;
}

// jobs/{job_id}/segments/{segment_index}.mp4 (output bucket)
const CONVERTED_SEGMENT_KEY = new RegExp(`^jobs/${UUID}/segments/(0|[1-9]\\d{0,4})\\.mp4$`);
export function buildConvertedSegmentKey({ jobId, segmentIndex }: { jobId: string; segmentIndex: number }): string {
  assertJobId(jobId);
  if (!Number.isSafeInteger(segmentIndex) || segmentIndex < 0 || segmentIndex >= MAX_SEGMENTS) {
    throw new InvalidKeyError(`segment_index must be an integer in 0..${MAX_SEGMENTS - 1}, got ${segmentIndex}`);
  }
  return `jobs/${jobId}/segments/${segmentIndex}.mp4`;
}
export function parseConvertedSegmentKey(key: string): { jobId: string; segmentIndex: number } {
  const match = matchKey(CONVERTED_SEGMENT_KEY, key, 'converted segment');
  return { jobId: match[1] ?? '', segmentIndex: Number(match[2]) };
}

export function isConvertedSegmentKey(key: string): boolean {
  return parsesAs(parseConvertedSegmentKey, key);
}

// jobs/{job_id}/final.{mp4|mkv} (output bucket): the extension is the job's container.
const FINAL_KEY = new RegExp(`^jobs/${UUID}/final\\.(${CONTAINERS.join('|')})$`);
export function buildFinalKey({ jobId, container = DEFAULT_CONTAINER }: { jobId: string; container?: Container | undefined }): string {
  assertJobId(jobId);
  return `jobs/${jobId}/final.${container}`;
}
/** The final key of a job, from its container option. */
export function finalKeyOf(job: { job_id: string; options: { container?: Container | undefined } }): string {
  return buildFinalKey({ jobId: job.job_id, container: job.options.container });
}
export function parseFinalKey(key: string): { jobId: string; container: Container } {
  const match = matchKey(FINAL_KEY, key, 'final');
  return { jobId: match[1] ?? '', container: (match[2] ?? DEFAULT_CONTAINER) as Container };
}

// jobs/{job_id}/subtitles/{n}.vtt (output bucket): the source's n-th subtitle stream as WebVTT, for the player.
const SUBTITLE_TRACK_KEY = new RegExp(`^jobs/${UUID}/subtitles/(0|[1-9]\\d{0,2})\\.vtt$`);
export function buildSubtitleTrackKey({ jobId, position }: { jobId: string; position: number }): string {
  assertJobId(jobId);
  if (!Number.isSafeInteger(position) || position < 0 || position > 999) throw new InvalidKeyError(`subtitle position must be an integer in 0..999, got ${position}`);
  return `jobs/${jobId}/subtitles/${position}.vtt`;
}
export function parseSubtitleTrackKey(key: string): { jobId: string; position: number } {
  const match = matchKey(SUBTITLE_TRACK_KEY, key, 'subtitle track');
  return { jobId: match[1] ?? '', position: Number(match[2]) };
}
export function subtitleTrackPrefix(jobId: string): string {
  assertJobId(jobId);
  return `jobs/${jobId}/subtitles/`;
}

/** Every prefix that holds objects of one job, per bucket (for clean-up and operator tools). */
export function jobPrefixes(jobId: string): { input: string[]; output: string[] } {
  assertJobId(jobId);
  return { input: [`input/${jobId}/`, segmentPrefix(jobId)], output: [`jobs/${jobId}/`] };
}

/** `s3://bucket/key`, as stored in SegmentCompletion.output_s3_uri. */
export function buildS3Uri({ bucketName, key }: { bucketName: string; key: string }): string {
  return `s3://${bucketName}/${key}`;
}
export function parseS3Uri(uri: string): { bucketName: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new InvalidKeyError(`not an s3:// URI: "${uri}"`);
  return { bucketName: match[1] ?? '', key: match[2] ?? '' };
}
