/**
 * Runs the stereo engine alone on one file (no queues, no storage): what `bench:engine` measures. Prints one JSON
 * line: frames, the depth estimator's seconds, and the main thread's garbage-collection pauses.
 *   node --import tsx scripts/engine-run.ts <input> <output> <format>
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { convertVideo } from '@stereo-spot/stereo-engine';
import { parseOutputFormat } from '@stereo-spot/shared-types';

const [input, output, formatName = 'sbs-full'] = process.argv.slice(2);
const format = parseOutputFormat(formatName);
if (!input || !output || !format) {
  console.error('usage: engine-run <input> <output> <format>');
  process.exit(2);
}
let gcMs = 0;
const gc = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gc.observe({ entryTypes: ['gc'] });
const { frames, depthSeconds } = await convertVideo({ inputPath: input, outputPath: output, format, estimator: { kind: 'heuristic' } });
gc.disconnect();
console.log(JSON.stringify({ frames, depthSeconds, gcSeconds: gcMs / 1000 }));
