import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segmentPixelFormat } from '../src/media/segment-pixel-format.ts';

test('keeps what x264 holds, and otherwise loses no chroma and no depth the source had', () => {
  const at = (pixFmt: string | undefined, width = 320, height = 180): string => segmentPixelFormat({ pixFmt, width, height });
  assert.equal(at('yuv420p'), 'yuv420p');
  assert.equal(at('yuvj420p'), 'yuvj420p', 'full range kept as is');
  assert.equal(at('yuv422p10le'), 'yuv422p10le');
  assert.equal(at('yuv420p12le'), 'yuv420p10le', 'x264 goes to 10 bit');
  assert.equal(at('nv12'), 'yuv420p');
  assert.equal(at('yuv411p'), 'yuv422p', 'DV 4:1:1: no vertical chroma lost');
  assert.equal(at('yuv410p'), 'yuv420p');
  assert.equal(at('yuyv422'), 'yuv422p');
  assert.equal(at('rgb24'), 'yuv444p');
  assert.equal(at('bgra'), 'yuv444p');
  assert.equal(at('gbrp10le'), 'yuv444p10le');
  assert.equal(at('pal8'), 'yuv444p');
  assert.equal(at('gray'), 'yuv420p');
  assert.equal(at('gray10le'), 'yuv420p10le');
  assert.equal(at(undefined), 'yuv444p', 'unknown: 4:4:4 never loses chroma');
  assert.equal(at('yuv420p', 853, 480), 'yuv444p', 'odd width');
  assert.equal(at('yuv420p', 320, 181), 'yuv444p', 'odd height');
  assert.equal(at('yuv422p', 320, 181), 'yuv422p', '4:2:2 needs an even width only');
});
