import assert from 'node:assert/strict';
import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runFfmpeg } from '@stereo-spot/ffmpeg';
import { generateClip, listVideoFrameTimes } from '@stereo-spot/test-kit';
import { frameByteLength } from '../src/frame.js';
import { decodeFrames } from '../src/pipeline/decode-frames.js';
import type { DecodedFrame } from '../src/pipeline/decode-frames.js';
import { probeVideo } from '../src/pipeline/probe-video.js';

async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) found.push(cmdline.replaceAll('\0', ' '));
  }
  return found;
}

async function collect(frames: AsyncIterable<DecodedFrame>): Promise<DecodedFrame[]> {
  const all: DecodedFrame[] = [];
  for await (const frame of frames) all.push(frame);
  return all;
}

describe('decodeFrames', () => {
  let dir: string;
  const clip = (name: string): string => join(dir, name);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stereo-decode-'));
    await Promise.all([
      generateClip({ path: clip('vfr.mp4'), durationSec: 1.2, fps: 25, vfr: true, audioTracks: 1, preset: 'veryfast', coverArt: true }),
      generateClip({ path: clip('long.mp4'), durationSec: 10, width: 160, height: 90, fps: 25, audioTracks: 0 }),
    ]);
    // A phone video: stored 320×180 with a 90° rotation, and timestamps that start at 10 s.
    await runFfmpeg({ args: ['-i', clip('vfr.mp4'), '-map', '0:v:0', '-c', 'copy', '-metadata:s:v', 'rotate=90', '-output_ts_offset', '10', '-y', clip('rotated.mp4')] });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('yields every frame of the movie stream (not the cover) with exact times relative to the first', async () => {
    const frames = await collect(decodeFrames({ path: clip('vfr.mp4'), format: 'yuv420p' }));
    const times = await listVideoFrameTimes(clip('vfr.mp4'));
    assert.equal(frames.length, 30);
    assert.deepEqual(frames.map((f) => f.index), times.map((_, i) => i));
    assert.deepEqual(frames.map((f) => f.ptsUs), times.map((t) => Math.round((t - times[0]!) * 1e6)));
    const [first, second] = frames;
    assert.deepEqual([first!.frame.width, first!.frame.height, first!.frame.format], [320, 180, 'yuv420p']);
    assert.deepEqual(first!.frame.planes.map((p) => [p.width, p.height, p.data.length]), [[320, 180, 57600], [160, 90, 14400], [160, 90, 14400]]);
    const buffer = first!.frame.planes[0].data.buffer;
    assert.ok(first!.frame.planes.every((p) => p.data.buffer === buffer), 'planes are views of one buffer');
    assert.equal(buffer.byteLength, frameByteLength({ format: 'yuv420p', width: 320, height: 180 }), 'which is exactly the frame');
    assert.notEqual(second!.frame.planes[0].data.buffer, buffer, 'each frame owns its buffer');
    assert.notDeepEqual(first!.frame.planes[0].data, second!.frame.planes[0].data, 'the picture moves');
  });

  it('decodes planar RGB (gbrp): three full-size planes', async () => {
    const frames = await collect(decodeFrames({ path: clip('vfr.mp4'), format: 'gbrp' }));
    assert.equal(frames.length, 30);
    assert.deepEqual(frames[0]!.frame.planes.map((p) => [p.width, p.height]), [[320, 180], [320, 180], [320, 180]]);
  });

  it('applies rotation metadata (probeVideo reports the turned size) and starts times at 0', async () => {
    const video = await probeVideo({ path: clip('rotated.mp4') });
    assert.deepEqual([video.width, video.height, Math.abs(video.rotation)], [180, 320, 90]);
    const frames = await collect(decodeFrames({ path: clip('rotated.mp4'), format: 'yuv420p', video }));
    assert.equal(frames.length, 30);
    assert.deepEqual([frames[0]!.frame.width, frames[0]!.frame.height, frames[0]!.ptsUs], [180, 320, 0]);
  });

  it('stopping early kills ffmpeg', async () => {
    let count = 0;
    for await (const _ of decodeFrames({ path: clip('long.mp4'), format: 'yuv420p' })) if (++count === 3) break;
    assert.deepEqual(await processesMentioning(clip('long.mp4')), []);
  });

  it('an abort rejects with AbortError and kills ffmpeg', async () => {
    const controller = new AbortController();
    let count = 0;
    await assert.rejects(async () => {
      for await (const _ of decodeFrames({ path: clip('long.mp4'), format: 'yuv420p', signal: controller.signal })) {
        if (++count === 5) controller.abort();
      }
    }, { name: 'AbortError' });
    assert.ok(count < 250);
    assert.deepEqual(await processesMentioning(clip('long.mp4')), []);
  });

  it('fails with a readable reason for a file that is not a video', async () => {
    await writeFile(clip('notes.mp4'), 'not a video at all');
    await assert.rejects(collect(decodeFrames({ path: clip('notes.mp4'), format: 'yuv420p' })), { name: 'FfmpegError', message: /moov atom not found|Invalid data/ });
  });
});
