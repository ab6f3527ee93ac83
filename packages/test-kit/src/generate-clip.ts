import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runFfmpeg } from '@stereo-spot/ffmpeg';

export interface GenerateClipOptions {
  path: string;
  durationSec: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Sine tracks at different frequencies, AAC, tagged eng, fra, deu, spa, ita, … */
  audioTracks?: number;
  /** One subtitle track (eng) with a cue per second or so: mov_text in MP4, subrip in Matroska. */
  subtitles?: boolean;
  /** Matroska content can be written to a path ending in .mp4: uploads are not always what they are named. */
  container?: 'mp4' | 'matroska';
  /** Irregular frame timestamps (frame durations really vary; the average rate stays `fps`). */
  vfr?: boolean;
  /** Keyframe interval in frames (default 2 × fps), so short segment durations give several segments. */
  gop?: number;
  /** x264 preset: `ultrafast` has no B-frames; `veryfast` and slower have them, like most real videos. */
  preset?: string;
  /** Default yuv420p, or yuv444p when a dimension is odd (4:2:0 needs even sizes). */
  pixFmt?: string;
  /** Write the MP4 index (moov) first; a truncated copy then still opens, but misses frames. */
  faststart?: boolean;
  /** Add a cover picture: a one-frame PNG video stream with the attached_pic disposition (MP4 lists it last). */
  coverArt?: boolean;
  /** Audio codec of the tracks (default aac); e.g. `flac` or `libopus` in Matroska. */
  audioCodec?: string;
}

const LANGUAGES = ['eng', 'fra', 'deu', 'spa', 'ita', 'jpn', 'por', 'nld'];
const LANGUAGE_NAMES = ['English', 'Français', 'Deutsch', 'Español', 'Italiano', '日本語', 'Português', 'Nederlands'];

/** Writes a real, small test video made with ffmpeg's lavfi sources. Audio lasts exactly as long as the video. */
export async function generateClip(options: GenerateClipOptions): Promise<void> {
  const {
    durationSec,
    width = 320,
    height = 180,
    fps = 25,
    audioTracks = 1,
    subtitles = false,
    container = 'mp4',
    vfr = false,
    preset = 'ultrafast',
    faststart = false,
    coverArt = false,
    audioCodec = 'aac',
  } = options;
  const gop = options.gop ?? Math.round(2 * fps);
  const pixFmt = options.pixFmt ?? (width % 2 || height % 2 ? 'yuv444p' : 'yuv420p');
  const frameCount = Math.round(durationSec * fps);
  if (frameCount < 1) throw new Error('durationSec is shorter than one frame');
  // Audio is cut to the video's own length (whole frames), so the two match to the sample.
  const videoSec = frameCount / fps;

  const work = await mkdtemp(join(tmpdir(), 'stereo-spot-clip-'));
  try {
    // testsrc2 rounds odd sizes down to even ones: draw one size up and crop to the exact size asked for.
    const source = `testsrc2=size=${width + (width % 2)}x${height + (height % 2)}:rate=${fps}:duration=${videoSec}`;
    const args = ['-y', '-f', 'lavfi', '-i', width % 2 || height % 2 ? `${source},format=${pixFmt},crop=${width}:${height}:0:0:exact=1` : source];
    for (let i = 0; i < audioTracks; i++) {
      args.push('-f', 'lavfi', '-i', `sine=frequency=${330 + 110 * i}:sample_rate=48000:duration=${videoSec}`);
    }
    let nextInput = audioTracks + 1;
    const subtitleInput = subtitles ? nextInput++ : -1;
    if (subtitles) {
      const srtPath = join(work, 'cues.srt');
      await writeFile(srtPath, buildSrt(videoSec));
      args.push('-i', srtPath);
    }
    const coverInput = coverArt ? nextInput++ : -1;
    if (coverArt) args.push('-f', 'lavfi', '-i', 'color=c=orange:size=160x160:duration=0.04,format=rgb24');

    // Mapped first (MP4 still stores it as `covr` metadata, which demuxes as the last stream).
    if (coverArt) args.push('-map', `${coverInput}:v`);
    args.push('-map', '0:v');
    for (let i = 0; i < audioTracks; i++) args.push('-map', `${i + 1}:a`);
    if (subtitles) args.push('-map', `${subtitleInput}:s`);

    const movie = coverArt ? 1 : 0; // output index of the movie among the video streams
    if (vfr) {
      // Millisecond timestamps that wobble around the nominal rate: frame durations differ, each stays positive
      // (the wobble is below half a frame), and the last frame stays where a CFR one would end. Without
      // -enc_time_base the encoder would round them back onto the 1/fps grid.
      const last = frameCount - 1;
      const wobble = (0.3 / fps).toFixed(6);
      args.push(
        `-filter:v:${movie}`, `settb=1/1000,setpts='(N/${fps}+if(lt(N,${last}),${wobble}*sin(1.7*N),0))/TB'`,
        `-fps_mode:v:${movie}`, 'passthrough',
        `-enc_time_base:v:${movie}`, '1/1000',
      );
    }
    const v = `v:${movie}`;
    args.push(`-c:${v}`, 'libx264', `-preset:${v}`, preset, `-pix_fmt:${v}`, pixFmt, `-g:${v}`, String(gop), `-keyint_min:${v}`, String(gop), `-sc_threshold:${v}`, '0');
    if (coverArt) args.push('-c:v:0', 'png', '-disposition:v:0', 'attached_pic');
    if (audioTracks > 0) args.push('-c:a', audioCodec, ...(audioCodec === 'aac' ? ['-b:a', '64k'] : []));
    for (let i = 0; i < audioTracks; i++) {
      const n = i % LANGUAGES.length;
      args.push(`-metadata:s:a:${i}`, `language=${LANGUAGES[n]}`, `-metadata:s:a:${i}`, `title=${LANGUAGE_NAMES[n]}`);
    }
    if (subtitles) {
      args.push('-c:s', container === 'mp4' ? 'mov_text' : 'srt', '-metadata:s:s:0', 'language=eng', '-metadata:s:s:0', 'title=English');
    }
    args.push('-metadata', 'title=stereo-spot test clip');
    if (container === 'mp4' && faststart) args.push('-movflags', '+faststart');
    args.push('-f', container, resolve(options.path));
    await runFfmpeg({ args });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function buildSrt(durationSec: number): string {
  const cues: string[] = [];
  for (let start = 0.2, n = 1; start + 0.6 <= durationSec; start += 1.5, n++) {
    cues.push(`${n}\n${srtTime(start)} --> ${srtTime(Math.min(start + 1, durationSec))}\nCue number ${n}\n`);
  }
  return cues.join('\n');
}

function srtTime(sec: number): string {
  const ms = Math.round(sec * 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
}
