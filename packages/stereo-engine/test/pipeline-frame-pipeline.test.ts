import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ffmpegPath, probeMedia, runFfmpeg, runFfprobeJson } from '@stereo-spot/ffmpeg';
import { generateClip, inspectMedia, listVideoFrameTimes } from '@stereo-spot/test-kit';
import type { Frame } from '../src/frame.js';
import { runFramePipeline } from '../src/pipeline/run-frame-pipeline.js';

const IDENTITY = new URL('../src/pipeline/tasks/identity-task.ts', import.meta.url);
const HSTACK = new URL('../src/pipeline/tasks/hstack-task.ts', import.meta.url);

function taskModule(code: string): URL {
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
/** Identity, but results finish out of order: order must come from the pipeline. */
const SHUFFLING_IDENTITY = taskModule(`
  export default async ({ payload }) => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
    return payload.frame;
  };
`);

const passFrame = ({ frame }: { frame: Frame }): { frame: Frame } => ({ frame });

/**
 * PSNR (dB) of `distorted` against `reference` over all planes (or luma only), after `crop` (an ffmpeg crop
 * argument) of the first.
 */
async function psnr(distorted: string, reference: string, crop?: string, plane: 'average' | 'y' = 'average'): Promise<number> {
  const first = crop ? `[0:v]crop=${crop}[a];[a][1:v]psnr` : '[0:v][1:v]psnr';
  const { stderr } = await promisify(execFile)(ffmpegPath(), ['-hide_banner', '-nostats', '-i', distorted, '-i', reference, '-lavfi', first, '-f', 'null', '-']);
  const match = new RegExp(`PSNR .*\\b${plane}:(\\S+)`).exec(stderr);
  assert.ok(match, `no PSNR in ffmpeg output: ${stderr.slice(-500)}`);
  return match[1] === 'inf' ? Infinity : Number(match[1]);
}

async function videoStreamFacts(path: string): Promise<{ pixFmt: string; codec: string; tag: string }> {
  const json = (await runFfprobeJson({ args: ['-select_streams', 'v:0', '-show_entries', 'stream=pix_fmt,codec_name,codec_tag_string', path] })) as {
    streams: { pix_fmt: string; codec_name: string; codec_tag_string: string }[];
  };
  const stream = json.streams[0]!;
  return { pixFmt: stream.pix_fmt, codec: stream.codec_name, tag: stream.codec_tag_string };
}

/** Processes whose command line mentions `text` (our temp folder names every input and output). */
async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) found.push(cmdline.replaceAll('\0', ' '));
  }
  return found;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

function assertTimesEqual(actual: number[], expected: number[], toleranceSec: number): void {
  assert.equal(actual.length, expected.length, 'frame count');
  const worst = Math.max(...expected.map((t, i) => Math.abs(t - actual[i]!)));
  assert.ok(worst <= toleranceSec, `frame times differ by up to ${worst * 1000} ms`);
}

describe('runFramePipeline', () => {
  let dir: string;
  const clip = (name: string): string => join(dir, name);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stereo-pipeline-'));
    await Promise.all([
      generateClip({ path: clip('cfr.mp4'), durationSec: 2, fps: 25, audioTracks: 1, preset: 'veryfast' }),
      generateClip({ path: clip('vfr.mp4'), durationSec: 2, fps: 25, vfr: true, audioTracks: 0, preset: 'veryfast' }),
      generateClip({ path: clip('odd.mp4'), durationSec: 0.6, width: 853, height: 480, fps: 25, audioTracks: 0 }),
      generateClip({ path: clip('long.mp4'), durationSec: 12, width: 160, height: 90, fps: 30, audioTracks: 0 }),
      // HD colours: BT.709 matrix, and tagged so.
      runFfmpeg({
        args: ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=1', '-vf', 'scale=out_color_matrix=bt709,format=yuv420p',
          '-c:v', 'libx264', '-preset', 'veryfast', '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-y', clip('bt709.mp4')],
      }),
    ]);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('identity keeps every frame, every timestamp and the picture (CFR, B-frames, audio ignored)', async () => {
    const out = clip('cfr-out.mp4');
    const prepared: number[] = [];
    const result = await runFramePipeline({
      inputPath: clip('cfr.mp4'),
      outputPath: out,
      decodeFormat: 'yuv420p',
      output: { width: 320, height: 180, format: 'yuv420p' },
      prepare: ({ frame, index }) => {
        prepared.push(index);
        return { frame };
      },
      worker: { module: IDENTITY },
    });
    assert.equal(result.frames, 50);
    assert.deepEqual(prepared, Array.from({ length: 50 }, (_, i) => i), 'prepare sees frames in order');
    const media = await inspectMedia(out);
    assert.deepEqual({ frames: media.videoFrames, w: media.width, h: media.height, audio: media.audioStreams.length }, { frames: 50, w: 320, h: 180, audio: 0 });
    assertTimesEqual(await listVideoFrameTimes(out), await listVideoFrameTimes(clip('cfr.mp4')), 0.001);
    assert.ok(Math.abs(media.videoDurationSec - 2) < 0.002, `duration ${media.videoDurationSec}`);
    assert.equal((await probeMedia({ path: out })).duration, 2, 'the last frame keeps its duration (segments join without drift)');
    assert.ok((await psnr(out, clip('cfr.mp4'))) > 35);
  });

  it('keeps variable frame rate timestamps exactly, with results finishing out of order', async () => {
    const out = clip('vfr-out.mp4');
    const result = await runFramePipeline({
      inputPath: clip('vfr.mp4'),
      outputPath: out,
      decodeFormat: 'yuv420p',
      output: { width: 320, height: 180, format: 'yuv420p' },
      prepare: passFrame,
      worker: { module: SHUFFLING_IDENTITY, concurrency: 3 },
    });
    assert.equal(result.frames, 50);
    const input = await listVideoFrameTimes(clip('vfr.mp4'));
    const durations = input.slice(1).map((t, i) => Math.round((t - input[i]!) * 1000));
    assert.ok(new Set(durations).size > 5, `the clip really is VFR: ${durations.join(' ')}`);
    // Exact to the microsecond (ffprobe prints microseconds), far inside the 1 ms a frame-rate grid would miss.
    assertTimesEqual(await listVideoFrameTimes(out), input, 0.000002);
    assert.ok((await psnr(out, clip('vfr.mp4'))) > 35, 'frames are in order');
  });

  it('a task that doubles the width gives a 2W×H video showing the frame twice', async () => {
    const out = clip('hstack-out.mp4');
    await runFramePipeline({
      inputPath: clip('cfr.mp4'),
      outputPath: out,
      decodeFormat: 'yuv420p',
      output: { width: 640, height: 180, format: 'yuv420p' },
      prepare: passFrame,
      worker: { module: HSTACK },
    });
    const media = await inspectMedia(out);
    assert.deepEqual({ frames: media.videoFrames, w: media.width, h: media.height }, { frames: 50, w: 640, h: 180 });
    assert.ok((await psnr(out, clip('cfr.mp4'), '320:180:0:0')) > 35, 'left half');
    assert.ok((await psnr(out, clip('cfr.mp4'), '320:180:320:0')) > 35, 'right half');
  });

  it('planar RGB frames (gbrp) go through and come back with the same colours', async () => {
    const out = clip('gbrp-out.mp4');
    await runFramePipeline({
      inputPath: clip('cfr.mp4'),
      outputPath: out,
      decodeFormat: 'gbrp',
      output: { width: 320, height: 180, format: 'gbrp' },
      prepare: passFrame,
      worker: { module: IDENTITY, concurrency: 1 },
    });
    assert.equal((await videoStreamFacts(out)).pixFmt, 'yuv420p');
    assert.ok((await psnr(out, clip('cfr.mp4'))) > 35);
  });

  it('BT.709 video through planar RGB keeps its colours and its colour tags', async () => {
    const out = clip('bt709-out.mp4');
    await runFramePipeline({
      inputPath: clip('bt709.mp4'),
      outputPath: out,
      decodeFormat: 'gbrp',
      output: { width: 320, height: 180, format: 'gbrp' },
      prepare: passFrame,
      worker: { module: IDENTITY, concurrency: 1 },
    });
    const json = (await runFfprobeJson({ args: ['-select_streams', 'v:0', '-show_entries', 'stream=color_space,color_primaries,color_transfer,color_range', out] })) as {
      streams: Record<string, string>[];
    };
    assert.deepEqual(json.streams[0], { color_range: 'tv', color_space: 'bt709', color_transfer: 'bt709', color_primaries: 'bt709' });
    // Converting back with BT.601 (swscale's default) would shift colours: about 26 dB here.
    assert.ok((await psnr(out, clip('bt709.mp4'))) > 35);
  });

  it('moves payload buffers to the workers, except those `transfer` leaves out', async () => {
    const run = async (transfer?: (payload: { frame: Frame; depth: Float32Array }) => ArrayBuffer[]): Promise<Float32Array[]> => {
      const kept: Float32Array[] = [];
      await runFramePipeline({
        inputPath: clip('odd.mp4'),
        outputPath: clip('transfer-out.mp4'),
        decodeFormat: 'yuv420p',
        output: { width: 853, height: 480, format: 'yuv420p' },
        prepare: ({ frame }) => {
          const depth = new Float32Array(64).fill(0.5);
          kept.push(depth); // e.g. an estimator smoothing over time keeps the previous maps
          return { frame, depth };
        },
        transfer,
        worker: { module: IDENTITY },
      });
      return kept;
    };
    assert.ok((await run()).every((depth) => depth.length === 0), 'by default everything moves (nothing is copied)');
    const kept = await run((payload) => [payload.frame.planes[0].data.buffer as ArrayBuffer]);
    assert.ok(kept.every((depth) => depth.length === 64 && depth[0] === 0.5), 'what transfer leaves out is copied and stays usable');
  });

  it('odd sizes (853×480) come out as yuv444p H.264 that decodes', async () => {
    const out = clip('odd-out.mp4');
    const result = await runFramePipeline({
      inputPath: clip('odd.mp4'),
      outputPath: out,
      decodeFormat: 'yuv420p',
      output: { width: 853, height: 480, format: 'yuv420p' },
      prepare: passFrame,
      worker: { module: IDENTITY },
    });
    assert.equal(result.frames, 15);
    const media = await inspectMedia(out);
    assert.deepEqual({ frames: media.videoFrames, w: media.width, h: media.height }, { frames: 15, w: 853, h: 480 });
    assert.deepEqual(await videoStreamFacts(out), { pixFmt: 'yuv444p', codec: 'h264', tag: 'avc1' });
    // The odd-sized source is 4:4:4 and frames are decoded as 4:2:0, so only luma is compared.
    assert.ok((await psnr(out, clip('odd.mp4'), undefined, 'y')) > 35);
  });

  it('encodes HEVC tagged hvc1 when asked for x265', async () => {
    const out = clip('x265-out.mp4');
    await runFramePipeline({
      inputPath: clip('odd.mp4'),
      outputPath: out,
      decodeFormat: 'yuv420p',
      output: { width: 853, height: 480, format: 'yuv420p' },
      prepare: passFrame,
      worker: { module: IDENTITY },
      encoder: { codec: 'x265', preset: 'ultrafast', crf: 24 },
    });
    assert.deepEqual(await videoStreamFacts(out), { pixFmt: 'yuv444p', codec: 'hevc', tag: 'hvc1' });
    assert.equal((await inspectMedia(out)).videoFrames, 15);
  });

  it('abort mid-way kills both ffmpeg processes and leaves no output', async () => {
    const out = clip('aborted-out.mp4');
    const controller = new AbortController();
    const started = Date.now();
    await assert.rejects(
      runFramePipeline({
        inputPath: clip('long.mp4'),
        outputPath: out,
        decodeFormat: 'yuv420p',
        output: { width: 160, height: 90, format: 'yuv420p' },
        prepare: ({ frame, index }) => {
          if (index === 40) controller.abort();
          return { frame };
        },
        worker: { module: IDENTITY },
        signal: controller.signal,
      }),
      { name: 'AbortError' },
    );
    assert.ok(Date.now() - started < 10_000);
    assert.equal(await exists(out), false, 'partial output deleted');
    assert.deepEqual(await processesMentioning(dir), [], 'no ffmpeg left running');
  });

  it('a throwing task rejects with its message, stops ffmpeg and deletes the output', async () => {
    const out = clip('throwing-out.mp4');
    await assert.rejects(
      runFramePipeline({
        inputPath: clip('long.mp4'),
        outputPath: out,
        decodeFormat: 'yuv420p',
        output: { width: 160, height: 90, format: 'yuv420p' },
        prepare: passFrame,
        worker: { module: taskModule(`export default ({ payload, index }) => { if (index === 7) throw new Error('depth went negative at frame 7'); return payload.frame; };`) },
      }),
      /depth went negative at frame 7/,
    );
    assert.equal(await exists(out), false);
    assert.deepEqual(await processesMentioning(dir), []);
  });

  it('a crashing worker rejects with a clear error', async () => {
    await assert.rejects(
      runFramePipeline({
        inputPath: clip('long.mp4'),
        outputPath: clip('crash-out.mp4'),
        decodeFormat: 'yuv420p',
        output: { width: 160, height: 90, format: 'yuv420p' },
        prepare: passFrame,
        worker: { module: taskModule(`export default ({ payload, index }) => { if (index === 5) process.exit(3); return payload.frame; };`) },
      }),
      /frame task: a worker exited unexpectedly \(code 3\)/,
    );
    assert.equal(await exists(clip('crash-out.mp4')), false);
    assert.deepEqual(await processesMentioning(dir), []);
  });

  it('a failing prepare rejects with its error', async () => {
    await assert.rejects(
      runFramePipeline({
        inputPath: clip('long.mp4'),
        outputPath: clip('prepare-out.mp4'),
        decodeFormat: 'yuv420p',
        output: { width: 160, height: 90, format: 'yuv420p' },
        prepare: async ({ frame, index }) => {
          if (index === 3) throw new Error('depth model not loaded');
          return { frame };
        },
        worker: { module: IDENTITY },
      }),
      /depth model not loaded/,
    );
    assert.equal(await exists(clip('prepare-out.mp4')), false);
    assert.deepEqual(await processesMentioning(dir), []);
  });

  it('a task returning the wrong frame size fails with a clear message', async () => {
    await assert.rejects(
      runFramePipeline({
        inputPath: clip('odd.mp4'),
        outputPath: clip('wrong-size-out.mp4'),
        decodeFormat: 'yuv420p',
        output: { width: 1706, height: 480, format: 'yuv420p' },
        prepare: passFrame,
        worker: { module: IDENTITY },
      }),
      /frame 0 cannot be encoded: it is 853x480 yuv420p \(expected 1706x480 yuv420p\)/,
    );
  });

  it('encoder errors surface as FfmpegError with the reason', async () => {
    await assert.rejects(
      runFramePipeline({
        inputPath: clip('odd.mp4'),
        outputPath: clip('bad-preset-out.mp4'),
        decodeFormat: 'yuv420p',
        output: { width: 853, height: 480, format: 'yuv420p' },
        prepare: passFrame,
        worker: { module: IDENTITY },
        encoder: { preset: 'warp-speed' },
      }),
      { name: 'FfmpegError', message: /invalid preset 'warp-speed'/ },
    );
    assert.equal(await exists(clip('bad-preset-out.mp4')), false);
  });

  it('keeps a bounded number of frames in flight however long the video (slow workers, fast decoder)', async () => {
    const concurrency = 2;
    const result = await runFramePipeline({
      inputPath: clip('long.mp4'),
      outputPath: clip('long-out.mp4'),
      decodeFormat: 'yuv420p',
      output: { width: 160, height: 90, format: 'yuv420p' },
      prepare: passFrame,
      // 4 ms per frame: decoding runs far ahead if anything between the stages were unbounded.
      worker: { module: taskModule(`export default ({ payload }) => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 4); return payload.frame; };`), concurrency },
    });
    assert.equal(result.frames, 360);
    // decode-ahead 2 + prepare-ahead 2 + 2 per worker in flight + the one being encoded, and some slack.
    assert.ok(result.maxFramesInFlight <= 2 + 2 + 2 * concurrency + 3, `up to ${result.maxFramesInFlight} frames alive at once`);
    assert.equal((await inspectMedia(clip('long-out.mp4'))).videoFrames, 360);
  });
});
