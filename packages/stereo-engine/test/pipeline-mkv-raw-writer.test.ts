import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ffmpegPath, runFfprobeJson } from '@stereo-spot/ffmpeg';
import type { PixelFormat } from '../src/frame.js';
import { encodeSize, encodeUint } from '../src/pipeline/ebml.js';
import { MkvRawWriter } from '../src/pipeline/mkv-raw-writer.js';

describe('EBML encoding', () => {
  it('writes sizes in the fewest bytes, never as the reserved all-ones value', () => {
    assert.deepEqual([...encodeSize(0)], [0x80]);
    assert.deepEqual([...encodeSize(126)], [0xfe]);
    assert.deepEqual([...encodeSize(127)], [0x40, 0x7f]); // 0xff would mean "unknown size"
    assert.deepEqual([...encodeSize(16382)], [0x7f, 0xfe]);
    assert.deepEqual([...encodeSize(16383)], [0x20, 0x3f, 0xff]);
    assert.deepEqual([...encodeSize(6_220_800)], [0x10, 0x5e, 0xec, 0x00]); // one 4K yuv420p frame
  });

  it('writes unsigned integers big-endian beyond 32 bits', () => {
    assert.deepEqual([...encodeUint(0)], [0]);
    assert.deepEqual([...encodeUint(5_000_000_000)], [0x01, 0x2a, 0x05, 0xf2, 0x00]);
  });
});

describe('MkvRawWriter', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stereo-mkv-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes frames of a recognisable pattern at `times`; returns the file and the raw bytes written. */
  async function writeClip(format: PixelFormat, width: number, height: number, times: number[]): Promise<{ path: string; raw: Buffer }> {
    const writer = new MkvRawWriter({ format, width, height, frameDurationUs: 40_000 });
    const parts: Uint8Array[] = [writer.header()];
    const frames: Uint8Array[] = [];
    times.forEach((t, n) => {
      const frame = new Uint8Array(writer.frameBytes).map((_, i) => (i * 7 + n * 13) % 251);
      frames.push(frame);
      parts.push(writer.frameHeader(t), frame);
    });
    const path = join(dir, `${format}-${width}x${height}.mkv`);
    await writeFile(path, Buffer.concat(parts));
    return { path, raw: Buffer.concat(frames) };
  }

  for (const format of ['yuv420p', 'gbrp'] as const) {
    it(`ffmpeg reads ${format} frames back byte for byte, with microsecond timestamps (odd size)`, async () => {
      const times = [0, 40_000, 70_001, 123_457, 5_000_000_000];
      const { path, raw } = await writeClip(format, 33, 17, times);
      const json = (await runFfprobeJson({ args: ['-show_entries', 'stream=codec_name,pix_fmt,width,height:frame=pts', path] })) as {
        streams: { codec_name: string; pix_fmt: string; width: number; height: number }[];
        frames: { pts: number }[];
      };
      assert.deepEqual(json.streams[0], { codec_name: 'rawvideo', pix_fmt: format, width: 33, height: 17 });
      assert.deepEqual(json.frames.map((frame) => frame.pts), times);
      const { stdout } = await promisify(execFile)(ffmpegPath(), ['-v', 'error', '-i', path, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', format, '-'], {
        encoding: 'buffer',
        maxBuffer: 1 << 24,
      });
      assert.ok(stdout.equals(raw), 'the decoded bytes are the written ones');
    });
  }

  it('moves a timestamp that does not increase to just after the previous one', async () => {
    const { path } = await writeClip('yuv420p', 4, 4, [0, 40_000, 40_000, 10_000, 80_000]);
    const json = (await runFfprobeJson({ args: ['-show_entries', 'frame=pts', path] })) as { frames: { pts: number }[] };
    assert.deepEqual(json.frames.map((frame) => frame.pts), [0, 40_000, 40_001, 40_002, 80_000]);
  });
});
