import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StderrCollector } from '../src/stderr-collector.js';

describe('StderrCollector', () => {
  it('finds the first meaningful line, without prefixes or the input path', () => {
    const collector = new StderrCollector();
    collector.push('\n[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c1a2b740] moov atom not f');
    collector.push('ound\n/tmp/in.mp4: Invalid data found when processing input\n');
    assert.equal(collector.firstMeaningfulLine(['-i', '/tmp/in.mp4']), 'moov atom not found');
  });

  it('skips repetition notices and strips a leading path', () => {
    const collector = new StderrCollector();
    collector.push('    Last message repeated 3 times\n/tmp/in.mp4: No such file or directory\n');
    assert.equal(collector.firstMeaningfulLine(['-i', '/tmp/in.mp4']), 'No such file or directory');
  });

  it('returns undefined for silence and bounds the tail', () => {
    const collector = new StderrCollector();
    assert.equal(collector.firstMeaningfulLine([]), undefined);
    for (let i = 0; i < 1000; i++) collector.push(`[h264 @ 0x1] error ${i}\n`);
    assert.ok(collector.tail.length <= 4096);
    assert.match(collector.tail, /error 999\n$/);
    assert.equal(collector.firstMeaningfulLine([]), 'error 0');
  });
});
