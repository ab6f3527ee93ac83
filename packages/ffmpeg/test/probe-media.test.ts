import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { countVideoFrames, countVideoPackets, FfmpegError, findVideoStream, parseRate, probeMedia } from '../src/index.js';
import { makeClip } from './make-clip.js';

describe('probeMedia and frame counting', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ffmpeg-probe-'));
    await Promise.all([
      makeClip(join(dir, 'plain.mp4')),
      makeClip(join(dir, 'cover.mp4'), { cover: true }),
      makeClip(join(dir, 'vfr.mp4'), { vfr: true }),
      makeClip(join(dir, 'plain.mkv'), { container: 'matroska' }),
    ]);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('describes format and streams with parsed numbers and tags', async () => {
    const probe = await probeMedia({ path: join(dir, 'plain.mp4') });
    assert.match(probe.formatName, /mp4/);
    assert.equal(probe.duration, 2);
    const [video, audio] = probe.streams;
    assert.deepEqual(
      { index: video?.index, type: video?.codecType, codec: video?.codecName, w: video?.width, h: video?.height, fps: video?.avgFrameRate, r: video?.rFrameRate, n: video?.nbFrames, start: video?.startTime, d: video?.duration, pic: video?.attachedPic },
      { index: 0, type: 'video', codec: 'h264', w: 320, h: 180, fps: 25, r: 25, n: 50, start: 0, d: 2, pic: false },
    );
    assert.equal(audio?.codecType, 'audio');
    assert.equal(audio?.codecName, 'aac');
    assert.equal(audio?.channels, 1);
    assert.equal(audio?.language, 'fra');
  });

  it('marks cover art and findVideoStream skips it', async () => {
    const probe = await probeMedia({ path: join(dir, 'cover.mp4') });
    const cover = probe.streams.find((s) => s.attachedPic);
    assert.equal(cover?.codecName, 'png');
    assert.equal(findVideoStream(probe)?.codecName, 'h264');
  });

  it('reads Matroska (no frame count, title tag)', async () => {
    const probe = await probeMedia({ path: join(dir, 'plain.mkv') });
    assert.match(probe.formatName, /matroska/);
    const video = findVideoStream(probe);
    assert.equal(video?.nbFrames, undefined);
    assert.equal(probe.streams.find((s) => s.codecType === 'audio')?.title, 'Voix');
  });

  it('reports an average frame rate for variable frame rate', async () => {
    const video = findVideoStream(await probeMedia({ path: join(dir, 'vfr.mp4') }));
    assert.ok(video?.avgFrameRate && video.avgFrameRate > 20 && video.avgFrameRate < 30, String(video?.avgFrameRate));
  });

  it('counts packets (demux) and decoded frames, defaulting to the real video stream', async () => {
    assert.equal(await countVideoPackets({ path: join(dir, 'plain.mkv') }), 50);
    assert.equal(await countVideoFrames({ path: join(dir, 'plain.mp4'), streamIndex: 0 }), 50);
    assert.equal(await countVideoPackets({ path: join(dir, 'cover.mp4') }), 50);
    assert.equal(await countVideoFrames({ path: join(dir, 'cover.mp4') }), 50);
  });

  it('throws FfmpegError as is when ffprobe cannot read the file', async () => {
    await assert.rejects(probeMedia({ path: join(dir, 'absent.mp4') }), FfmpegError);
  });

  it('parses rates', () => {
    assert.equal(parseRate('30000/1001'), 30000 / 1001);
    assert.equal(parseRate('0/0'), undefined);
    assert.equal(parseRate('25'), 25);
    assert.equal(parseRate(undefined), undefined);
  });
});
