import { open } from 'node:fs/promises';
import { runFfprobeJson, type FfmpegError } from '@stereo-spot/ffmpeg';
import { InvalidInputError } from '@stereo-spot/shared-types';

/** Top-level box types an ISO-BMFF (MP4/MOV) file starts with. */
const ISO_BMFF_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid', 'styp', 'sidx', 'moof']);

/**
 * Turns ffprobe's refusal to open a file into a reason a person can act on. "moov atom not found" alone does
 * not tell a cut-off MP4 from a text file (ffprobe picks the MP4 reader from the .mp4 name), so look at the
 * first bytes: an MP4 that starts like one but has no index was truncated (an interrupted upload or recording).
 */
export async function describeUnreadableInput(path: string, error: FfmpegError): Promise<InvalidInputError> {
  const stderr = `${error.message}\n${error.stderrTail}`;
  if (await startsLikeIsoBmff(path)) {
    const detail = /moov atom not found/i.test(stderr) ? 'moov atom not found' : `ffprobe: ${shortDetail(error.message)}`;
    return new InvalidInputError(`the file is truncated or damaged (${detail})`, { cause: error });
  }
  const conclusion = /Invalid data found when processing input/i.test(stderr) ? 'Invalid data found when processing input' : shortDetail(error.message);
  return new InvalidInputError(`the file is not a video (ffprobe: ${conclusion})`, { cause: error });
}

/**
 * The video stream exists but no picture comes out of it: either ffmpeg has no decoder for its codec (an exotic or
 * proprietary one: re-encoding it elsewhere is the way out), or the decoder fails on its data (damaged).
 */
export async function undecodableVideo({ error, path, streamIndex, signal }: { error: FfmpegError; path: string; streamIndex: number; signal?: AbortSignal }): Promise<InvalidInputError> {
  if (/Decoder \(codec [^)]*\) not found|no decoder found|Decoding requested, but no decoder/i.test(`${error.message}\n${error.stderrTail}`)) {
    return new InvalidInputError(
      `ffmpeg has no decoder for the video codec (${await describeCodec({ path, streamIndex, signal })}); convert the video to H.264 (e.g. with HandBrake or ffmpeg) and upload that`,
      { cause: error },
    );
  }
  return new InvalidInputError(`the video stream cannot be decoded (${shortDetail(error.message)})`, { cause: error });
}

/** The codec's name, or its FourCC when ffmpeg does not know it (what a person can search for). */
async function describeCodec({ path, streamIndex, signal }: { path: string; streamIndex: number; signal?: AbortSignal }): Promise<string> {
  const json = (await runFfprobeJson({ args: ['-select_streams', String(streamIndex), '-show_entries', 'stream=codec_name,codec_tag_string', path], signal }).catch(() => ({}))) as {
    streams?: { codec_name?: string; codec_tag_string?: string }[];
  };
  const { codec_name: name, codec_tag_string: tag } = json.streams?.[0] ?? {};
  if (name && name !== 'unknown' && name !== 'none') return name;
  return tag && /^[\x20-\x7e]{4}$/.test(tag) ? `unknown, FourCC ${tag}` : 'unknown';
}

/** One line, no trailing period, short enough for a status page. */
export function shortDetail(message: string): string {
  const line = message.split('\n')[0]?.trim().replace(/\.$/, '') ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

async function startsLikeIsoBmff(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return bytesRead === 8 && ISO_BMFF_BOXES.has(head.toString('latin1', 4, 8));
  } finally {
    await handle.close();
  }
}
