import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { probeMedia, runFfprobeJson } from '@stereo-spot/ffmpeg';
import { OUTPUT_FORMATS, type OutputFormat } from '@stereo-spot/shared-types';
import type { Frame } from '../src/frame.js';
import { encodeFrames, type EncodableFrame, type EncoderSettings } from '../src/pipeline/encode-frames.js';
import { H264_FRAME_PACKING } from '../src/pipeline/frame-packing.js';

const WIDTH = 64;
const HEIGHT = 32;

async function* greyFrames(count: number): AsyncGenerator<EncodableFrame> {
  for (let i = 0; i < count; i++) {
    const plane = (width: number, height: number, value: number): Frame['planes'][number] => ({ width, height, data: new Uint8Array(width * height).fill(value) });
    const frame = { format: 'yuv420p', width: WIDTH, height: HEIGHT, planes: [plane(WIDTH, HEIGHT, 60 + i * 20), plane(WIDTH / 2, HEIGHT / 2, 128), plane(WIDTH / 2, HEIGHT / 2, 128)] } as Frame;
    yield { frame, ptsUs: i * 40_000 };
  }
}

/** What ffprobe reads of the first frame's packing SEI: the h264 decoder's stereo_mode tag and side data. */
async function firstFramePacking(path: string): Promise<{ stereoMode?: string; sideData: string[] }> {
  const json = (await runFfprobeJson({ args: ['-select_streams', 'v:0', '-read_intervals', '%+#1', '-show_frames', '-show_entries', 'frame_tags=stereo_mode:frame=side_data_list', path] })) as {
    frames?: { tags?: { stereo_mode?: string }; side_data_list?: { side_data_type?: string }[] }[];
  };
  const frame = json.frames?.[0];
  return { ...(frame?.tags?.stereo_mode ? { stereoMode: frame.tags.stereo_mode } : {}), sideData: (frame?.side_data_list ?? []).map((d) => d.side_data_type ?? '').filter((t) => t === 'Stereo 3D') };
}

describe('encodeFrames states the stereo layout (H.264 frame packing SEI) and no language it was not given', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frame-packing-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function encode(name: string, options: { stereoLayout?: OutputFormat; language?: string; codec?: EncoderSettings['codec'] }): Promise<string> {
    const outputPath = join(dir, `${name}.mp4`);
    await encodeFrames({ frames: greyFrames(3), outputPath, format: 'yuv420p', width: WIDTH, height: HEIGHT, stereoLayout: options.stereoLayout, language: options.language, settings: { codec: options.codec ?? 'x264', preset: 'ultrafast' } });
    return outputPath;
  }

  const expected: Readonly<Record<OutputFormat, string | undefined>> = {
    'sbs-full': 'left_right',
    'sbs-half': 'left_right',
    'tb-full': 'top_bottom',
    'tb-half': 'top_bottom',
    cross: undefined,
    'anaglyph-dubois': undefined,
    'anaglyph-color': undefined,
    'anaglyph-gray': undefined,
    'anaglyph-halfcolor': undefined,
  };
  for (const layout of OUTPUT_FORMATS) {
    it(`${layout}: ${expected[layout] ?? 'no packing SEI'}`, async () => {
      const path = await encode(layout, { stereoLayout: layout });
      const packing = await firstFramePacking(path);
      assert.deepEqual(packing, expected[layout] ? { stereoMode: expected[layout], sideData: ['Stereo 3D'] } : { sideData: [] });
      assert.equal(H264_FRAME_PACKING[layout] !== undefined, expected[layout] !== undefined);
    });
  }

  it('x265 has no way to write it (x265 3.5): an HEVC result is unsignalled, and still encodes', async () => {
    const path = await encode('x265', { stereoLayout: 'sbs-full', codec: 'x265' });
    assert.deepEqual(await firstFramePacking(path), { sideData: [] });
  });

  it('the video track says "und" unless a language is given (not Matroska\'s default "eng")', async () => {
    const language = async (path: string): Promise<string | undefined> => (await probeMedia({ path })).streams[0]?.language;
    assert.equal(await language(await encode('und', {})), 'und');
    assert.equal(await language(await encode('fra', { language: 'fra' })), 'fra');
  });
});
