import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FfmpegError, isAbortError, runFfmpeg, runFfprobeJson } from '../src/index.js';
import { garbleMdat, makeClip } from './make-clip.js';

describe('runFfmpeg', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ffmpeg-run-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs ffmpeg to completion and writes the output', async () => {
    const out = join(dir, 'tone.wav');
    await runFfmpeg({ args: ['-y', '-f', 'lavfi', '-i', 'sine=duration=0.2', out] });
    assert.ok((await stat(out)).size > 1000);
  });

  it('runs in cwd when given', async () => {
    await runFfmpeg({ args: ['-y', '-f', 'lavfi', '-i', 'sine=duration=0.1', 'relative.wav'], cwd: dir });
    assert.ok((await stat(join(dir, 'relative.wav'))).size > 0);
  });

  it('rejects with FfmpegError: exit code, first meaningful line without the path, stderr tail', async () => {
    const missing = join(dir, 'missing.mp4');
    const error = await runFfmpeg({ args: ['-i', missing, '-f', 'null', '-'] }).then(
      () => assert.fail('should have failed'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof FfmpegError);
    assert.equal(error.exitCode, 1);
    assert.equal(error.message, 'No such file or directory');
    assert.match(error.stderrTail, /missing\.mp4: No such file or directory/);
  });

  it('drops the [demuxer @ 0x…] prefix from the message', async () => {
    const text = join(dir, 'text.mp4');
    await writeFile(text, 'not a video at all\n');
    const error = await runFfmpeg({ args: ['-i', text, '-f', 'null', '-'] }).catch((e: unknown) => e);
    assert.ok(error instanceof FfmpegError);
    assert.equal(error.message, 'moov atom not found');
  });

  it('keeps only the tail of a flood of stderr, and the first line as the message', async () => {
    // Broken media makes the decoder print lines for every packet: tens of KB for a 2 s clip.
    const clip = join(dir, 'clip.mp4');
    const garbled = join(dir, 'garbled.mp4');
    await makeClip(clip);
    await garbleMdat(clip, garbled);
    const error = await runFfmpeg({ args: ['-i', garbled, '-map', '0:v', '-f', 'null', '-'] }).catch((e: unknown) => e);
    assert.ok(error instanceof FfmpegError);
    assert.ok(error.stderrTail.length <= 4096);
    // The first decoder complaint ("Invalid NAL unit size…" or, for the audio, "channel element…").
    assert.match(error.message, /^(Invalid NAL unit size|channel element)/);
  });

  it('kills ffmpeg and rejects with an AbortError when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    // -re reads the source in real time: this would run for a minute.
    const run = runFfmpeg({ args: ['-re', '-f', 'lavfi', '-i', 'testsrc2=duration=60', '-f', 'null', '-'], signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 300);
    const error = await run.catch((e: unknown) => e);
    assert.ok(isAbortError(error), `expected AbortError, got ${String(error)}`);
    assert.ok(Date.now() - started < 5000);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const error = await runFfmpeg({ args: ['-version'], signal: AbortSignal.abort() }).catch((e: unknown) => e);
    assert.ok(isAbortError(error));
  });

  it('honours FFMPEG_PATH', async () => {
    const previous = process.env.FFMPEG_PATH;
    process.env.FFMPEG_PATH = join(dir, 'no-such-ffmpeg');
    try {
      await assert.rejects(runFfmpeg({ args: ['-version'] }), /cannot run ffmpeg .*no-such-ffmpeg.*FFMPEG_PATH/);
    } finally {
      if (previous === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = previous;
    }
  });
});

describe('runFfprobeJson', () => {
  it('returns the parsed JSON document', async () => {
    const json = (await runFfprobeJson({ args: ['-f', 'lavfi', '-i', 'sine=duration=1', '-show_streams'] })) as { streams: { codec_type: string }[] };
    assert.equal(json.streams[0]?.codec_type, 'audio');
  });

  it('rejects with FfmpegError when ffprobe fails', async () => {
    await assert.rejects(runFfprobeJson({ args: ['-show_streams', '/nonexistent/file.mp4'] }), (e: unknown) => e instanceof FfmpegError && e.message === 'No such file or directory');
  });
});
